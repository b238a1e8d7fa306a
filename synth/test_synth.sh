#!/usr/bin/env bash
# make synth's contract, quickly: bad parameters stop before any tool runs, a failing tool fails
# the run with its log named and leaves no stale report, and a small macro maps end to end into a
# report with plausible figures. Usage: synth/test_synth.sh BUILD_DIR (with cimsim built)
set -uo pipefail
cd "$(dirname "$0")/.."
build=$(cd "$1" && pwd)
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_reject() {  # name args...
  local name=$1; shift
  local err rc
  err=$(synth/synth.sh "$@" "$tmp/b" 2>&1 >/dev/null); rc=$?
  if [ $rc -ne 2 ] || ! grep -q "$name" <<<"$err"; then
    echo "FAIL: synth.sh $* -> rc $rc, '$err' (want 2, naming $name)"; fail=1
  elif [ -e "$tmp/b/synth" ]; then
    echo "FAIL: synth.sh $* created output before rejecting"; fail=1
  else
    echo "ok: rejected $*: $err"
  fi
}
mkdir -p "$tmp/b"
expect_reject ROWS 1 16 8 8 1 10
expect_reject ROWS abc 16 8 8 1 10
expect_reject COLS 64 0 8 8 1 10
expect_reject WBITS 64 16 17 8 1 10
expect_reject ABITS 64 16 8 0 1 10
expect_reject ABITS_PER_CYCLE 64 16 8 8 3 10
expect_reject ABITS_PER_CYCLE 64 16 8 2 4 10
expect_reject CLOCK_NS 64 16 8 8 1 0
expect_reject CLOCK_NS 64 16 8 8 1 1e3

# A Yosys that fails: the run fails, names the log, and the earlier report is gone.
mkdir -p "$tmp/fake" "$tmp/b/synth/r8_c2_w2_a2"
printf '#!/bin/sh\nexit 3\n' >"$tmp/fake/yosys"
printf '#!/bin/sh\nexit 0\n' >"$tmp/b/cimsim"
chmod +x "$tmp/fake/yosys" "$tmp/b/cimsim"
echo '{"stale": true}' >"$tmp/b/synth/r8_c2_w2_a2/report.json"
err=$(PATH="$tmp/fake:$PATH" synth/synth.sh 8 2 2 2 1 10 "$tmp/b" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 0 ] || ! grep -q "yosys.log" <<<"$err" || [ -e "$tmp/b/synth/r8_c2_w2_a2/report.json" ]; then
  echo "FAIL: failing yosys: rc $rc, '$err', stale report left: $(ls "$tmp/b/synth/r8_c2_w2_a2")"; fail=1
else
  echo "ok: a failing Yosys fails the run and leaves no report"
fi

# End to end on a small macro, fully bit-serial and with 2 activation bits per cycle.
for apc in 1 2; do
  config=r8_c2_w2_a2
  if (( apc > 1 )); then config+=_p$apc; fi
  if synth/synth.sh 8 2 2 2 "$apc" 10 "$build" >"$tmp/run.log" 2>&1; then
    python3 - "$build/synth/$config/report.json" "$apc" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
apc = int(sys.argv[2])
checks = {
    "area > 0": r["area"]["total_um2"] > 0,
    "no latches": r["area"]["latches"] == 0,
    "breakdown adds up to the hierarchical area": abs(
        sum(v["um2"] for v in r["area"]["by_function"].values())
        - r["area"]["hierarchical_total_um2"]) < 1,
    # flattening may remove a few cells across module boundaries
    "flat area within 1% of hierarchical": abs(r["area"]["total_um2"]
                                               - r["area"]["hierarchical_total_um2"])
                                           <= 0.01 * r["area"]["hierarchical_total_um2"],
    "storage is the 8x2x2 flops at least": r["area"]["by_function"]["storage bitcells"]["um2"]
                                            >= 8 * 2 * 2 * 96,
    "0 < Fmax < 2 GHz": 0 < r["timing"]["fmax_mhz"] < 2000,
    "power > 0": r["power"]["total_mw"] > 0,
    "energy per MAC = energy per MVM / 16": abs(r["efficiency"]["pj_per_mac"] * 16
                                                 - r["efficiency"]["energy_per_mvm_pj"]) < 1e-6,
    "cycles per MVM = 2 / ABITS_PER_CYCLE": r["efficiency"]["cycles_per_mvm"] == 2 // apc,
}
bad = [k for k, ok in checks.items() if not ok]
print(f"FAIL (ABITS_PER_CYCLE {apc}): " + ", ".join(bad) if bad
      else f"ok: small macro report is plausible (ABITS_PER_CYCLE {apc})")
sys.exit(1 if bad else 0)
PY
    # Gate-level simulation of that netlist against the RTL.
    synth/gls.sh "$build/synth/$config" 8 2 2 2 "$apc" | tail -1
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
  else
    echo "FAIL: small macro synthesis (ABITS_PER_CYCLE $apc) failed:"; cat "$tmp/run.log"; fail=1
  fi
done
exit $fail
