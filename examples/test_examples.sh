#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The example DUTs through cimsim, as a user runs theirs (docs/your-macro.md):
#   acme_cim (the reference timing) passes cycle-exact and by transaction; its seeded bug
#   (+acme_bug, the sign bit of a channel's accumulator tied low) escapes quiet unsigned traffic
#   and is caught both ways under the default traffic, with the seed, the command that reproduces
#   it and a waveform;
#   acme_cim_pipe (one more response stage) passes by transaction with a latency one cycle above
#   the reference, fails cycle-exact with a message that says to check it by transaction, fails a
#   latency bound below its own, and its seeded bug (+acme_pipe_bug) is caught by transaction;
#   tiny_cim (behavioral, written from the docs alone) passes by transaction in two cycles a request;
#   its seeded bug (+tiny_err_bug, an error request answered as an MVM) escapes quiet traffic and is
#   caught by the default traffic's out-of-range requests.
# Usage: examples/test_examples.sh CIMSIM
set -uo pipefail
cimsim=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0

# run WANT_RC NAME ARGS...: cimsim exits WANT_RC; its output is in $work/NAME.log.
run() {
  local want=$1 name=$2 rc; shift 2
  timeout 300 "$cimsim" --no-progress "$@" >"$name.log" 2>&1; rc=$?
  if [ $rc -ne "$want" ]; then
    echo "FAIL: cimsim $* exited $rc, want $want:"; tail -5 "$name.log"; fail=1; return 1
  fi
  echo "ok: cimsim $* -> exit $rc"
}
# expect NAME TEXT: the log of run NAME says TEXT.
expect() {
  if ! grep -qF -- "$2" "$1.log"; then echo "FAIL: $1 does not say '$2':"; tail -5 "$1.log"; fail=1; fi
}

run 0 exact --backend acme_cim --count 400 && expect exact "checked cycle-exact"
run 0 trans --backend acme_cim --count 400 --check transaction \
  && expect trans "checked by transaction" && expect trans "MVMs per cycle"
run 0 bug-quiet --backend acme_cim --plusarg +acme_bug --traffic quiet --count 2000
for mode in cycle-exact transaction; do
  if run 1 "bug-$mode" --backend acme_cim --plusarg +acme_bug --check "$mode" --seed 5; then
    expect "bug-$mode" "MISMATCH"
    expect "bug-$mode" "seed 5"
    expect "bug-$mode" "reproduce with"
    wave=$(sed -n 's/.*waveform \([^ ;)]*\.fst\).*/\1/p' "bug-$mode.log" | head -1)
    if [ -z "$wave" ] || [ ! -s "$wave" ]; then echo "FAIL: bug-$mode left no waveform ('$wave')"; fail=1; fi
  fi
done

run 0 pipe-full --backend acme_cim_pipe --count 400 --seed 3 && expect pipe-full "checked by transaction"
if run 0 pipe --backend acme_cim_pipe --count 400 --traffic quiet --random-precision; then
  # Without back-pressure, one cycle above the reference timing on every response.
  line=$(grep "latency (cycles)" pipe.log)
  mean=$(sed -n 's/.*; mean \([0-9.]*\) (reference timing \([0-9.]*\)).*/\1 \2/p' <<<"$line")
  if ! awk -v m="$mean" 'BEGIN { split(m, v, " "); exit !(v[1] - v[2] > 0.999 && v[1] - v[2] < 1.001) }'; then
    echo "FAIL: acme_cim_pipe's latency is not the reference's plus one: $line"; fail=1
  fi
fi
run 1 pipe-exact --backend acme_cim_pipe --count 50 --check cycle-exact \
  && expect pipe-exact "--check transaction"
run 1 pipe-bound --backend acme_cim_pipe --count 50 --traffic quiet --max-latency 9 \
  && expect pipe-bound "--max-latency 9"
run 1 pipe-bug --backend acme_cim_pipe --plusarg +acme_pipe_bug --count 400 \
  && expect pipe-bug "MISMATCH"
# tiny_cim, written from docs/your-macro.md alone: its own timing (two cycles for every request),
# passes by transaction, faster than the reference on the same requests.
if run 0 tiny --backend tiny_cim --count 2000 --seed 9; then
  expect tiny "checked by transaction"
  expect tiny "median 2"
fi
run 1 tiny-exact --backend tiny_cim --count 50 --check cycle-exact && expect tiny-exact "--check transaction"
# Its seeded bug (+tiny_err_bug, an out-of-range request answered without rsp_err_o) escapes quiet
# traffic, which sends none, and is caught by the default traffic's out-of-range requests.
run 0 tiny-err-quiet --backend tiny_cim --plusarg +tiny_err_bug --traffic quiet --count 500
if run 1 tiny-err --backend tiny_cim --plusarg +tiny_err_bug --seed 3; then
  expect tiny-err "MISMATCH"
  expect tiny-err "rsp_err_o"
fi
exit $fail
