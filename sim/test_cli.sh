#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cimsim's doors: a bad option exits 2 with a message naming it, prints nothing on stdout and
# writes no file; a good run writes what it says, and --json a summary with the documented keys.
set -uo pipefail
source "$(dirname "$0")/doors.sh" "$1"
check --count --count -1
check --count --count 0
check --count --count 12abc
check --count --count 010
check --count --count 0x10
check --seed --seed -1
check --seed --seed 18446744073709551616
check --abits --abits 9
check --abits --abits 0
check --wbits --wbits -3
check --backpressure --backpressure 1
check --backpressure --backpressure 1.5
check --backpressure --backpressure nan
check --backend --backend analog-ish
check --macro --macro 64x16
check ROWS --macro 1x16x8x8
check ROWS --macro 999999x999999x16x16
check COLS --backend golden --macro 64x513x8x8
check "no Verilated cim_macro" --macro 64x16x8x7
check ABITS_PER_CYCLE --backend golden --macro 64x16x8x8x3
check ABITS_PER_CYCLE --backend golden --macro 64x16x8x2x4
check --random-precision --random-precision --abits 4
check --traffic --traffic loud
check --check --check sideways
check --max-latency --max-latency 20
check --max-latency --check transaction --max-latency 0
check --plusarg --backend golden --plusarg +acme_bug
check --max-rmse --max-rmse 0.5
check --max-rmse --backend analog-golden --max-rmse -1
check --plusarg --plusarg acme_bug
check "--plusarg" --plusarg "+a b"
check --trace --backend golden --trace x.fst
check --trace --trace "$work/missing/x.fst"
check --trace --trace "$work"
check --trace-from --trace-from 5
check --activity --activity "$work/missing/a.tcl"
check --json --json /
check "not expected" --frobnicate
check "not expected" 500
check "not expected" random extra
check --read-sigma --backend analog-golden --read-noise --read-sigma -0.1
check --stuck-rate --backend analog-golden --stuck-rate 1.5
check --g-min --backend analog-golden --g-min 30
check "'0x1e' is not a number" --backend analog-golden --g-max 0x1e
check "' 25' is not a number" --backend analog-golden --g-max ' 25'
check "'infinity' is not a number" --backend analog-golden --read-sigma infinity
check --adc-bits --backend analog-golden --adc-bits 15
check --adc-share --backend analog-golden --adc-share 1000000
check --adc-share --backend analog-golden --adc-share 81
# A parameter with an option of its own (the record's cimsim): its range, the macro that
# takes it, and a DUT that does not.
check --scm --scm 2
check --scm --backend analog --scm 1
check "acme_cim does not take it" --backend acme_cim --macro 16x4x8x8 --scm 1
check --wbits --backend analog --wbits 4
check --prog-noise --backend digital --prog-noise
check --fault-map --backend analog-golden --fault-map "$work"
printf '0 0 0 + min\n99 0 0 + max\n' >"$work/faults_row"
check "faults_row:2: row 99" --backend analog-golden --fault-map "$work/faults_row"
printf '0 0 0 + min\n0 0 0 + max\n' >"$work/faults_twice"
check "faults_twice:2: device already listed on line 1" --backend analog-golden --fault-map "$work/faults_twice"
printf '# col slice shift\n0 0 1\n3 2 9\n' >"$work/ranges_shift"
check "ranges_shift:3: shift 9 is out of range (0..4)" --backend analog --adc-bits 4 --adc-ranges "$work/ranges_shift"
printf '16 0 0\n' >"$work/ranges_col"
check "ranges_col:1: col 16 is out of range (0..15)" --backend analog-golden --adc-bits 6 --adc-ranges "$work/ranges_col"
check --adc-ranges --backend digital --adc-ranges "$work/ranges_col"
check --cost-t-read-ns --backend analog --cost-t-read-ns 0
check "device 'flash' is not a preset (pcm, reram)" --backend analog --device flash
printf '{"config": {"MACRO": "analog"}, "power": {"at_mhz": 50},
 "efficiency": {"energy_per_mvm_pj": 400, "cycles_per_mvm": 8}}\n' >"$work/analog_report.json"
check "analog_report.json is a report of the analog macro, not of digital's" --backend digital --synth-report "$work/analog_report.json"
check "not a make synth report.json" --backend digital --synth-report "$work/ranges_col"
check --device --backend digital --device reram
if ! "$cimsim" --list-devices | grep -q "^reram: " || ! "$cimsim" --list-devices | grep -q -- "--prog-c4 -16.815"; then
  echo "FAIL: cimsim --list-devices: $("$cimsim" --list-devices 2>&1)"; fail=1
else echo "ok: cimsim --list-devices"; fi
check --cost-adc-fom-fj --backend digital --cost-adc-fom-fj 5

# cimsim vectors: its doors (a replayed file must be whole and for this macro), then a replay.
check "--adc-ranges: vectors take settings only" vectors --backend analog --out v.txt --adc-ranges "$work/ranges_col"
check "--out: give the vector file to write" vectors
check "--out" vectors --out "$work/missing/v.vec"
"$cimsim" vectors --macro 23x3x5x3 --count 5 --out "$work/v.vec" >/dev/null
check "v.vec:4: the vectors are for '# params ROWS=23" vectors --replay "$work/v.vec"
sed '5s/^0 /z /' "$work/v.vec" >"$work/bad.vec"
check "bad.vec:5: port rst_ni: want 1 bits as lowercase hex, got 'z'" vectors --macro 23x3x5x3 --replay "$work/bad.vec"
if ! "$cimsim" vectors --backend digital --macro 23x3x5x3 --replay "$work/v.vec" | grep -q ": 0 differing"; then
  echo "FAIL: the Verilated macro on its golden vectors differed"; fail=1
else echo "ok: cimsim vectors --replay on the Verilated macro: 0 differing"; fi

# A good run: the summary, and the JSON summary with its documented keys.
if ! (cd "$work" && "$cimsim" --count 50 --no-progress --json run.json --seed 3 >out.txt); then
  echo "FAIL: a good run failed: $(cat "$work/out.txt")"; fail=1
elif ! python3 - "$work/run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
want = {"schema", "backend", "config", "params", "seed", "count", "precision", "mvms_checked",
        "error_responses", "cycles", "macs_per_cycle", "mismatch", "traffic", "check", "latency",
        "mvms_per_cycle", "resets"}
missing = want - set(j)
assert not missing, f"missing keys {missing}"
assert j["schema"] == "opencim.cimsim.random/1" and j["mvms_checked"] == 50 and j["seed"] == 3
assert j["mismatch"] is None and j["config"] == "r64_c16_w8_a8" and j["cycles"]["mvms"] > 0
assert j["check"] == "cycle-exact" and j["traffic"] == "full"
assert sum(j["latency"]["histogram"].values()) == 50
print("ok: --json summary", j["macs_per_cycle"], "MACs per cycle")
PY
then fail=1; fi
# The analog macro with 2-bit cells and random precision computes wbits = WBITS only: no error
# responses (quiet traffic: the default's out-of-range requests aside), and MACs per cycle count
# computed MVMs only.
if ! out=$("$cimsim" --backend analog-golden --traffic quiet --random-precision --count 40 --no-progress); then
  echo "FAIL: analog random precision: $out"; fail=1
elif grep -q "answered rsp_err_o" <<<"$out"; then
  echo "FAIL: analog random precision drew unsupported requests: $out"; fail=1
else echo "ok: analog random precision, no error responses"; fi
# An inexact analog macro fails past the RMSE the user allows, and passes within it.
if "$cimsim" --backend analog-golden --read-noise --count 40 --no-progress --max-rmse 0 >"$work/rmse.txt"; then
  echo "FAIL: --max-rmse 0 passed with read noise: $(tail -3 "$work/rmse.txt")"; fail=1
elif ! grep -q "above --max-rmse" "$work/rmse.txt"; then
  echo "FAIL: --max-rmse did not say why: $(grep MISMATCH "$work/rmse.txt")"; fail=1
elif ! "$cimsim" --backend analog-golden --read-noise --count 40 --no-progress --max-rmse 1000 >/dev/null; then
  echo "FAIL: --max-rmse 1000 failed"; fail=1
else echo "ok: --max-rmse bounds the analog error"; fi
# Ctrl-C stops a run at the next cycle with every destructor run: exit 130, and the waveform
# closed whole (an FST's header holds its end time only once the writer closes it).
"$cimsim" --count 100000000 --no-progress --trace "$work/int.fst" >"$work/int.out" 2>"$work/int.err" &
pid=$!
# Interrupted once it runs (its waveform open: the handler is in place by then), not after a fixed
# time, which a loaded machine may spend starting it.
for _ in $(seq 300); do [ -s "$work/int.fst" ] && break; sleep 0.1; done
sleep 1
kill -INT "$pid"
wait "$pid"; rc=$?
if [ $rc -ne 130 ] || ! grep -q "interrupted by SIGINT" "$work/int.err"; then
  echo "FAIL: SIGINT: rc $rc, $(cat "$work/int.err")"; fail=1
elif ! python3 -c "import struct, sys; b = open(sys.argv[1], 'rb').read(25); sys.exit(0 if b[0] == 0 and struct.unpack('>Q', b[17:25])[0] > 0 else 1)" "$work/int.fst"; then
  echo "FAIL: SIGINT left an FST without its end time (not closed)"; fail=1
else echo "ok: SIGINT: exit 130, the waveform closed"; fi
doors_done
