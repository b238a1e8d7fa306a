#!/usr/bin/env bash
# cimsim must reject bad options with exit status 2 and a message naming the option, and print
# nothing on stdout (no partial report).
set -uo pipefail
cimsim=$1
fail=0
check() {  # expected-option-name args...
  local name=$1; shift
  local out err rc
  out=$("$cimsim" --no-progress "$@" 2>/tmp/cimsim_err.$$); rc=$?
  err=$(cat /tmp/cimsim_err.$$)
  if [ $rc -ne 2 ]; then echo "FAIL: cimsim $* exited $rc, want 2"; fail=1
  elif ! grep -q -- "$name" <<<"$err"; then echo "FAIL: cimsim $* did not name $name: $err"; fail=1
  elif [ -n "$out" ]; then echo "FAIL: cimsim $* printed on stdout: $out"; fail=1
  else echo "ok: cimsim $* -> $err" | head -1; fi
}
check --count --count -1
check --count --count 0
check --count --count 12abc
check --seed --seed -1
check --seed --seed 99999999999999999999999
check --abits --abits 9
check --abits --abits 0
check --wbits --wbits -3
check --backpressure --backpressure 1.5
check --backpressure --backpressure nan
check --backend --backend analog-ish
check --macro --macro 64x16
check --macro --macro 1x16x8x8
check --macro --macro 64x16x8x7
check ABITS_PER_CYCLE --backend golden --macro 64x16x8x8x3
check ABITS_PER_CYCLE --backend golden --macro 64x16x8x2x4
check --macro --macro 64x16x8x8x2
check --random-precision --random-precision --abits 4
check --trace --backend golden --trace x.fst
check unrecognised --frobnicate
check --read-sigma --backend analog-golden --read-noise --read-sigma -0.1
check --stuck-rate --backend analog-golden --stuck-rate 1.5
check --adc-bits --backend analog-golden --adc-bits 15
check --prog-noise --backend digital --prog-noise
printf '0 0 0 + min\n99 0 0 + max\n' >/tmp/cimsim_faults.$$
check "cimsim_faults.$$:2: row 99" --backend analog-golden --fault-map /tmp/cimsim_faults.$$
rm -f /tmp/cimsim_faults.$$
rm -f /tmp/cimsim_err.$$
exit $fail
