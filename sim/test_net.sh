#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cimsim train and cimsim net: bad options and files exit 2 naming them, with nothing written; a
# small model trains, and runs on the digital macro with logits equal to the quantized golden
# model's and the --json keys documented.
set -uo pipefail
source "$(dirname "$0")/doors.sh" "$1"
cd "$work"
printf 'not a model\n' >text.onnx
awk -F, 'NR <= 20 { $1 = ""; sub(/^ /, ""); gsub(/ /, ","); print }' "$DIGITS" >narrow.csv
printf '1,2,3\n' >tiny.csv

check "--out is required" train
check "--out" train --out missing/m.onnx
check "--hidden" train --out m.onnx --hidden 0
check "--epochs" train --out m.onnx --epochs 1e3
check "--noise-aware" train --out m.onnx --noise-aware
check "--data" train --out m.onnx --data missing.csv
check "--arch" train --out m.onnx --arch rnn
check "narrow.csv: 63 inputs an example are not a square image, what --arch resnet takes" train --out m.onnx --arch resnet --data narrow.csv
check "narrow.csv: 63 inputs an example are not a square image of even side, what --arch cnn takes" train --out m.onnx --arch cnn --data narrow.csv
if ! "$cimsim" train --out m.onnx --hidden 8 --epochs 5 --no-progress --json train.json >train.txt 2>&1; then
  echo "FAIL: training failed: $(cat train.txt)"; fail=1
else echo "ok: cimsim train --hidden 8 --epochs 5 -> $(grep 'float accuracy' train.txt)"; fi

check "--model is required" net
check "text.onnx: not an ONNX model" net --model text.onnx
check "narrow.csv: 63 inputs an example, but m.onnx takes 64" net --model m.onnx --data narrow.csv --split all
check "tiny.csv: 2 inputs an example" net --model m.onnx --data tiny.csv --split all
printf '1\n2\n3\n' >short.csv
check "short.csv: 3 x 1 labels for the 1797 examples of" net --model m.onnx --labels short.csv --split all
check "--labels" net --model m.onnx --labels missing.csv
check "--place" net --model m.onnx --place 2:analog
check "--place" net --model m.onnx --place 0:analog-ish
check "--place" net --model m.onnx --place zero:analog
check "--split" net --model m.onnx --split validation
check "--wbits" net --model m.onnx --wbits 1
check "--wbits" net --model m.onnx --backend analog --wbits 4
check "--prog-noise" net --model m.onnx --prog-noise
check "--json" net --model m.onnx --json missing/r.json
check "--json: 'm.onnx' is the --model file" net --model m.onnx --json m.onnx
check "--trace: no layer runs on a Verilated backend" net --model m.onnx --backend golden --trace t.fst
check "--trace-from" net --model m.onnx --trace-from 5
check "--adc-calibrate" net --model m.onnx --adc-calibrate percentile
check "--adc-calibrate: no layer runs on an analog backend" net --model m.onnx --adc-calibrate column
check "--synth-report" net --model m.onnx --synth-report missing.json
check "text.onnx: not a make synth report.json" net --model m.onnx --synth-report text.onnx
printf '{"config": {"MACRO": "digital", "ROWS": 64}, "power": {"at_mhz": 100},
 "efficiency": {"energy_per_mvm_pj": 800, "cycles_per_mvm": 8}}\n' >digital.json
printf '{"config": {"MACRO": "analog", "ROWS": 64}, "power": {"at_mhz": 50},
 "efficiency": {"energy_per_mvm_pj": 400, "cycles_per_mvm": 8}}\n' >analog.json
sed 's/800/-1/' digital.json >negative.json
check "negative.json: not a make synth report.json (energy or clock not above 0)" net --model m.onnx --synth-report negative.json
check "--synth-report: digital.json: a second report of the digital macro" net --model m.onnx --synth-report digital.json --synth-report digital.json

if ! "$cimsim" net --model m.onnx --limit 50 --no-progress --json net.json >net.txt 2>&1; then
  echo "FAIL: net failed: $(cat net.txt)"; fail=1
elif ! grep -q "equal to the quantized golden model's, bit for bit" net.txt; then
  echo "FAIL: net on the digital macro is not bit-exact: $(cat net.txt)"; fail=1
elif ! python3 - <<'PY'
import json
j = json.load(open("net.json"))
want = {"schema", "model", "data", "split", "examples", "seed", "precision", "accuracy",
        "logits_bit_exact", "confusion", "layers", "movement", "simulated_mvm_per_s"}
assert not want - set(j), f"missing keys {want - set(j)}"
assert j["schema"] == "opencim.cimsim.net/1" and j["examples"] == 50 and j["logits_bit_exact"]
assert j["accuracy"]["macro"] == j["accuracy"]["quantized_golden"]
assert sum(map(sum, j["confusion"])) == 50 and len(j["layers"]) == 2
assert j["layers"][0]["error"]["rmse"] == 0
PY
then echo "FAIL: net --json"; fail=1
else echo "ok: cimsim net --limit 50 on the digital macro, bit-exact, --json keys"; fi
# PyTorch's CNN (tb/fixtures/torch-onnx/, the dynamo exporter's IR 10 file with its external
# weights) on the digital macro: its convolutions reported with their positions, bit-exact.
if ! "$cimsim" net --model "$FIXTURES/torch-onnx/cnn.dynamo.onnx" --limit 10 --no-progress >cnn.txt 2>&1; then
  echo "FAIL: net on PyTorch's CNN failed: $(cat cnn.txt)"; fail=1
elif ! grep -q "(Conv): 9 x 8, 64 positions an example" cnn.txt ||
    ! grep -q "equal to the quantized golden model's, bit for bit" cnn.txt; then
  echo "FAIL: net on PyTorch's CNN: $(cat cnn.txt)"; fail=1
else echo "ok: cimsim net on PyTorch's CNN (dynamo export), convolutions on the digital macro, bit-exact"; fi
# Networks of PyTorch 1.13 with the activations of torch.nn in the periphery (tb/fixtures/torch113/:
# Sigmoid, Tanh, Elu, Softplus, exact GELU; HardSigmoid squeeze-excitation), and transformers
# (a tiny ViT, nn.TransformerEncoder: LayerNorm; attention's products on the macro, their weights
# written at run time), a 1-D CNN and ConvTranspose / Upsample / F.pad (updown) on the
# digital macro, on their own data (pixels / 16, .npy): bit-exact.
for m in acts_mlp mobilenetv3ish vit_tiny_op17 torch_encoder seq_conv1d updown lstm_rows gru_rows; do
  if ! "$cimsim" net --model "$FIXTURES/torch113/$m.onnx" --data "$FIXTURES/torch113/digits_test.npy" \
      --labels "$FIXTURES/torch113/digits_test_labels.npy" --limit 10 --no-progress >"$m.txt" 2>&1 ||
      ! grep -q "equal to the quantized golden model's, bit for bit" "$m.txt"; then
    echo "FAIL: net on PyTorch 1.13's $m: $(cat "$m.txt")"; fail=1
  else echo "ok: cimsim net on PyTorch 1.13's $m, bit-exact"; fi
done
# Real-valued data (pixels / 16 - 0.5: decimals, negative): trained on and run, signed inputs,
# bit-exact.
awk -F, '{ for (i = 1; i < NF; ++i) printf "%.4f,", $i / 16 - 0.5; print $NF }' "$DIGITS" >real.csv
if ! "$cimsim" train --data real.csv --out real.onnx --hidden 8 --epochs 5 --no-progress >real_train.txt 2>&1 ||
    ! "$cimsim" net --model real.onnx --data real.csv --limit 30 --no-progress >real.txt 2>&1; then
  echo "FAIL: real-valued data: $(cat real_train.txt real.txt)"; fail=1
elif ! grep -q "(Gemm): 64 x 8, signed inputs" real.txt || ! grep -q "bit for bit" real.txt; then
  echo "FAIL: real-valued data: $(cat real.txt)"; fail=1
else echo "ok: real-valued data (decimals, negative) trained on and run signed, bit-exact"; fi
# A hybrid run: the first layer on the analog macro, the second on the digital one, each leaving
# its waveform.
if ! "$cimsim" net --model m.onnx --limit 20 --no-progress --place 0:analog,1:digital --prog-noise \
    --trace h.fst >hybrid.txt 2>&1; then
  echo "FAIL: hybrid placement failed: $(cat hybrid.txt)"; fail=1
elif ! grep -q "^    0      analog" hybrid.txt || ! grep -q "^    1      digital" hybrid.txt; then
  echo "FAIL: hybrid placement not reported: $(cat hybrid.txt)"; fail=1
elif [ ! -s h.analog.fst ] || [ ! -s h.digital.fst ]; then
  echo "FAIL: hybrid run left no waveform per backend: $(ls)"; fail=1
else echo "ok: --place 0:analog,1:digital, waveforms h.analog.fst and h.digital.fst"; fi

# Calibrated ADC ranges on a 5-bit ADC (the golden analog model), the energy per inference priced
# by make synth reports (here small fakes: 100 pJ a cycle digital, 50 analog): the layer on the
# analog macro modelled plus 50 pJ a cycle, the one on the digital macro 100 pJ a cycle.
if ! "$cimsim" net --model m.onnx --limit 30 --no-progress --place 0:analog-golden,1:digital --adc-bits 5 \
    --adc-calibrate column --synth-report digital.json --synth-report analog.json --json cal.json >cal.txt 2>&1; then
  echo "FAIL: calibrated run failed: $(cat cal.txt)"; fail=1
elif ! grep -q "ADC ranges calibrated per column on 1438 examples" cal.txt || ! grep -q "TOPS/W" cal.txt ||
    ! python3 - <<'PY'
import json
j = json.load(open("cal.json"))
assert j["adc_calibration"] == "column"
shifts = j["layers"][0]["adc_shifts"]
assert len(shifts) == 1 and len(shifts[0]) == 16 * 5 and all(0 <= k <= 3 for k in shifts[0]), shifts
assert j["layers"][1]["adc_shifts"] == []
e = j["energy"]
l0, l1 = e["layers"]
assert l0["adc_pj"] > 0 and l0["array_pj"] > 0 and l1["adc_pj"] == 0
assert abs(l0["measured_pj"] - 50 * l0["compute_cycles"]) < 1e-6 * l0["measured_pj"]
assert abs(l1["measured_pj"] - 100 * l1["compute_cycles"]) < 1e-6 * l1["measured_pj"]
total = sum(l[k] for l in (l0, l1) for k in ("array_pj", "dac_pj", "adc_pj", "measured_pj"))
assert abs(e["per_inference_pj"]["total"] - total) < 1e-6 * total
assert abs(e["tops_per_w"] - e["ops_per_inference"] / total) < 1e-9
PY
then echo "FAIL: calibrated run's report: $(cat cal.txt)"; fail=1
else echo "ok: --adc-calibrate column on a 5-bit ADC, energy per inference priced per layer"; fi

# cimsim sweep: its own doors, then a small sweep over two models with its CSV and plot.
check "--vary is required" sweep --model m.onnx
check "--vary" sweep --model m.onnx --vary prog_scale
check "--vary" sweep --model m.onnx --vary bogus=0:1
check "--vary" sweep --model m.onnx --vary prog_scale=1:0
check "--vary" sweep --model m.onnx --vary prog_scale=0:1:0
check "--vary" sweep --model m.onnx --vary stuck_rate=0:2:1 --backend analog
check "--vary" sweep --model m.onnx --vary adc_bits=4.5:6 --backend analog
check "--vary" sweep --model m.onnx --vary prog_scale=0:1
check "--vary: weight_ber = 2 is out of range (0..1)" sweep --model m.onnx --vary weight_ber=0:2:1
check "--seeds" sweep --model m.onnx --vary abits=4:5 --seeds 0
check "--out" sweep --model m.onnx --vary abits=4:5 --out missing/s.csv
check "--out: must be a .csv file" sweep --model m.onnx --vary abits=4:5 --out s.npy
check "--model: two models named 'm'" sweep --model m.onnx --model m.onnx --vary abits=4:5
cp m.onnx m2.onnx
if ! "$cimsim" sweep --model m.onnx --model m2.onnx --backend analog --prog-noise --vary prog_scale=0:2:1 \
    --seeds 2 --limit 30 --no-progress --out s.csv >sweep.txt 2>&1; then
  echo "FAIL: sweep failed: $(cat sweep.txt)"; fail=1
elif [ "$(wc -l <s.csv)" -ne 13 ] || [ ! -s s.png ] || ! grep -q "analog+analog" sweep.txt; then
  echo "FAIL: sweep output: $(cat sweep.txt; cat s.csv)"; fail=1
else echo "ok: sweep of 3 points x 2 models x 2 seeds: s.csv (12 runs), s.png"; fi
# A sweep in two shards, merged: every run once, the merge running none; an interrupted sweep
# (its CSV cut short) resumed runs only what is missing.
check "--shard: '2/2': want 0 <= i < n" sweep --model m.onnx --vary abits=4:5 --shard 2/2
check "--merge" sweep --model m.onnx --vary abits=4:5 --merge missing.csv
for i in 0 1; do
  "$cimsim" sweep --model m.onnx --vary abits=4:6 --seeds 2 --limit 20 --no-progress --shard $i/2 \
    --out shard$i.csv >shard$i.txt 2>&1 || { echo "FAIL: shard $i: $(cat shard$i.txt)"; fail=1; }
done
if ! "$cimsim" sweep --model m.onnx --vary abits=4:6 --seeds 2 --limit 20 --no-progress \
    --merge shard0.csv --merge shard1.csv --out merged.csv >merged.txt 2>&1; then
  echo "FAIL: merge: $(cat merged.txt)"; fail=1
elif [ "$(wc -l <shard0.csv)" -ne 4 ] || [ "$(wc -l <shard1.csv)" -ne 4 ] || [ "$(wc -l <merged.csv)" -ne 7 ] ||
    ! grep -q "6 done already" merged.txt; then
  echo "FAIL: shards and merge: $(cat shard0.csv shard1.csv merged.csv merged.txt)"; fail=1
else
  head -4 merged.csv >resumed.csv
  if ! "$cimsim" sweep --model m.onnx --vary abits=4:6 --seeds 2 --limit 20 --no-progress --resume \
      --out resumed.csv >resumed.txt 2>&1 || ! grep -q "3 done already" resumed.txt ||
      [ "$(sort resumed.csv | cut -d, -f1-6 | md5sum)" != "$(sort merged.csv | cut -d, -f1-6 | md5sum)" ]; then
    echo "FAIL: resume: $(cat resumed.txt resumed.csv)"; fail=1
  else echo "ok: sweep in two shards merged (6 runs, none again), resumed after 3 runs"; fi
fi
# Weight bit flips on the digital macro: none at 0 (the quantized golden model's accuracy), and a
# network worse off with a fifth of its weight bits flipped.
if ! "$cimsim" sweep --model m.onnx --vary weight_ber=0:0.2:0.2 --seeds 2 --limit 40 --no-progress \
    --out ber.csv >ber.txt 2>&1; then
  echo "FAIL: weight_ber sweep failed: $(cat ber.txt)"; fail=1
elif [ "$(wc -l <ber.csv)" -ne 5 ] || [ ! -s ber.png ] ||
    ! awk -F, 'NR > 1 && $2 == 0 && $6 != $8 { bad = 1 } NR > 1 && $2 == 0 { clean += $6 }
               NR > 1 && $2 > 0 { flipped += $6 } END { exit bad || flipped >= clean }' ber.csv; then
  echo "FAIL: weight_ber sweep output: $(cat ber.txt; cat ber.csv)"; fail=1
else echo "ok: weight_ber sweep: 0 equals the quantized golden model, 0.2 loses accuracy"; fi
doors_done
