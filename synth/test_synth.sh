#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make synth's contract, quickly: bad parameters stop before any tool runs, a failing tool fails
# the run with its log named and leaves no stale report, and small macros (digital, and the
# analog periphery) map end to end into plausible reports and netlists that pass gate-level
# simulation against the RTL. Usage: synth/test_synth.sh BUILD_DIR (with cimsim built)
set -uo pipefail
cd "$(dirname "$0")/.."
build=$(cd "$1" && pwd)
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_reject() {  # name args...
  local name=$1; shift
  local err rc
  err=$(synth/synth.sh "$tmp/b" "$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -ne 2 ] || ! grep -q "$name" <<<"$err"; then
    echo "FAIL: synth.sh $* -> rc $rc, '$err' (want 2, naming $name)"; fail=1
  elif [ -e "$tmp/b/synth" ]; then
    echo "FAIL: synth.sh $* created output before rejecting"; fail=1
  else
    echo "ok: rejected $*: $err"
  fi
}
mkdir -p "$tmp/b"
expect_reject ROWS ROWS=1
expect_reject ROWS ROWS=abc
expect_reject COLS COLS=0
expect_reject WBITS WBITS=17
expect_reject ABITS ABITS=0
expect_reject ABITS_PER_CYCLE ABITS_PER_CYCLE=3
expect_reject ABITS_PER_CYCLE ABITS=2 ABITS_PER_CYCLE=4
expect_reject CLOCK_NS CLOCK_NS=0
expect_reject CLOCK_NS CLOCK_NS=1e3
expect_reject "unknown parameter 'rows'" rows=8
expect_reject "not NAME=VALUE" 8
expect_reject MACRO MACRO=sram
expect_reject "CELL_BITS applies to MACRO=analog only" CELL_BITS=2
expect_reject CELL_BITS MACRO=analog CELL_BITS=5
expect_reject ADC_BITS MACRO=analog ADC_BITS=15
expect_reject ADC_SHARE MACRO=analog ADC_SHARE=0
expect_reject ABITS_PER_CYCLE MACRO=analog ABITS_PER_CYCLE=2
# A Yosys that fails: the run fails, names the log, and the earlier report is gone.
mkdir -p "$tmp/fake" "$tmp/b/synth/r8_c2_w2_a2"
printf '#!/bin/sh\nexit 3\n' >"$tmp/fake/yosys"
printf '#!/bin/sh\nexit 0\n' >"$tmp/b/cimsim"
chmod +x "$tmp/fake/yosys" "$tmp/b/cimsim"
echo '{"stale": true}' >"$tmp/b/synth/r8_c2_w2_a2/report.json"
err=$(PATH="$tmp/fake:$PATH" synth/synth.sh "$tmp/b" ROWS=8 COLS=2 WBITS=2 ABITS=2 2>&1 >/dev/null); rc=$?
if [ $rc -eq 0 ] || ! grep -q "yosys.log" <<<"$err" || [ -e "$tmp/b/synth/r8_c2_w2_a2/report.json" ]; then
  echo "FAIL: failing yosys: rc $rc, '$err', stale report left: $(ls "$tmp/b/synth/r8_c2_w2_a2")"; fail=1
else
  echo "ok: a failing Yosys fails the run and leaves no report"
fi

# End to end on small macros: fully bit-serial at a non-power-of-two ROWS (constants cross module
# boundaries: OpenSTA's report_power crashed on the netlist until synth.sh remapped it flat),
# 2 activation bits per cycle, the analog periphery with 2 phases per ADC (capture registers)
# around a noisy crossbar, and the standard-cell memory (latch rows behind gated clocks: SCM=1)
# with the pipeline register and two weight sets. (SCM=1 alone and the plain 8x2, run here
# before, are covered by these; make synth-sweep maps both at 64x16.)
runs=("r8_c2_w2_a2_scm1_pipe1_ws2:ROWS=8 COLS=2 WBITS=2 ABITS=2 SCM=1 PIPE=1 WSETS=2"
      "r8_c2_w2_a2_p2:ROWS=8 COLS=2 WBITS=2 ABITS=2 ABITS_PER_CYCLE=2"
      "r8_c2_w4_a4_cb2_adc8_s2:MACRO=analog ROWS=8 COLS=2 WBITS=4 ABITS=4 ADC_SHARE=2"
      "r23_c3_w5_a3:ROWS=23 COLS=3 WBITS=5 ABITS=3")
for run in "${runs[@]}"; do
  config=${run%%:*}
  read -ra args <<<"${run#*:}"
  if synth/synth.sh "$build" "${args[@]}" >"$tmp/run.log" 2>&1; then
    python3 - "$build/synth/$config/report.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
c = r["config"]
analog = c["MACRO"] == "analog"
macs = c["ROWS"] * c["COLS"]
by = r["area"]["by_function"]
cycles = -(-c["ABITS"] // c["ABITS_PER_CYCLE"]) * (c["ADC_SHARE"] if analog else 1)
checks = {
    "area > 0": r["area"]["total_um2"] > 0,
    # SCM=1: a latch per bit and a clock gate's per row (of every weight set); otherwise none
    "latches": r["area"]["latches"] == ((macs * c["WBITS"] + c["ROWS"]) * c.get("WSETS", 1) + 1
                                        if c.get("SCM") else 0),
    "breakdown adds up to the hierarchical area": abs(
        sum(v["um2"] for v in by.values()) - r["area"]["hierarchical_total_um2"]) < 1,
    # flattening may remove a few cells across module boundaries (more when mapped flat)
    "flat area within 1% of hierarchical (10% when mapped flat)": abs(
        r["area"]["total_um2"] - r["area"]["hierarchical_total_um2"])
        <= (0.10 if r["area"]["netlist_mapping"].startswith("flat") else 0.01)
        * r["area"]["hierarchical_total_um2"],
    "0 < Fmax < 2 GHz": 0 < r["timing"]["fmax_mhz"] < 2000,
    "power > 0": r["power"]["total_mw"] > 0,
    "energy per MAC = energy per MVM / MACs": abs(r["efficiency"]["pj_per_mac"] * macs
                                                   - r["efficiency"]["energy_per_mvm_pj"]) < 1e-6,
    "cycles per MVM": r["efficiency"]["cycles_per_mvm"] == cycles,
}
if analog:
    x = r["timing"]["crossbar"]
    checks.update({
        "the crossbar is a blackbox, not counted":
            r["area"]["blackboxes_not_counted"]["cim_analog_crossbar"]["instances"] == 1,
        "no storage in the periphery": "storage bitcells" not in by,
        "capture registers, shift-add, control all present":
            all(by[k]["um2"] > 0 for k in ("ADC capture and read registers",
                                           "shift-add and accumulators", "control")),
        "drive and capture paths inside the critical path":
            0 < x["to_crossbar_ns"] <= r["timing"]["critical_path_ns"]
            and 0 < x["from_crossbar_ns"] <= r["timing"]["critical_path_ns"],
    })
elif c["SCM"]:
    # every latch at its LEF footprint (the liberty gives LATCH no area)
    checks["storage is the WSETS x ROWS x COLS x WBITS latches at 56 um2 at least"] = (
        r["area"]["zero_area_cells_at_lef_footprint_um2"] == {"LATCH": 56.0}
        and by["storage bitcells"]["um2"] >= macs * c["WBITS"] * c["WSETS"] * 56)
else:
    checks["storage is the WSETS x ROWS x COLS x WBITS flops at least"] = (
        by["storage bitcells"]["um2"] >= macs * c["WBITS"] * c["WSETS"] * 96)
bad = [k for k, ok in checks.items() if not ok]
name = sys.argv[1].split("/")[-2]
print(f"FAIL ({name}): " + ", ".join(bad) if bad else f"ok: {name} report is plausible")
sys.exit(1 if bad else 0)
PY
    # Gate-level simulation of that netlist against the RTL (the plusargs reach only the analog
    # crossbars: device noise on, so the periphery must carry non-trivial codes bit-exactly).
    synth/gls.sh "$build/synth/$config" +cim_prog_noise=1 +cim_read_noise=1 +cim_seed=5eed | tail -1
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
  else
    echo "FAIL: synthesis of $config failed:"; cat "$tmp/run.log"; fail=1
  fi
done
exit $fail
