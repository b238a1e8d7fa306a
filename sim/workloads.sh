#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make workloads: the digits classifier's accuracy table (docs/workloads.md). Trains a plain and a
# noise-aware 64 -> 32 -> 10 perceptron (training seed 1), runs both on the quantized golden
# model, the Verilated digital macro and the Verilated analog macro under each non-ideality with
# device seeds 1..5, and prints the table sim/workloads.py makes of the JSON summaries.
# Usage: sim/workloads.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
cimsim=$build/cimsim
out=$build/workloads
rm -rf "$out"
mkdir -p "$out"

"$cimsim" train --out "$out/plain.onnx" --no-progress --json "$out/train_plain.json" >/dev/null
"$cimsim" train --out "$out/noise_aware.onnx" --noise-aware --backend analog --no-progress \
  --json "$out/train_noise_aware.json" >/dev/null

# name|options: the analog conditions (default device, 8-bit ADC, one day = 86400 s)
conditions=(
  "ideal devices|"
  "programming noise|--prog-noise"
  "read noise|--read-noise"
  "drift 1 day|--drift --drift-t 86400"
  "drift 1 day, compensated|--drift --drift-t 86400 --drift-comp"
  "programming + read noise + drift 1 day, compensated|--prog-noise --read-noise --drift --drift-t 86400 --drift-comp"
  "the same with a 6-bit ADC|--prog-noise --read-noise --drift --drift-t 86400 --drift-comp --adc-bits 6"
)
for model in plain noise_aware; do
  "$cimsim" net --model "$out/$model.onnx" --backend digital --no-progress \
    --json "$out/net_${model}_digital.json" >/dev/null
  for i in "${!conditions[@]}"; do
    opts=${conditions[$i]#*|}
    for seed in 1 2 3 4 5; do
      # The 6-bit ADC is another compiled model only if tb/configs.txt has it; the golden analog
      # model stands in otherwise (bit-exact with the RTL where both exist).
      backend=analog
      [[ "$opts" == *"--adc-bits 6"* ]] && backend=analog-golden
      # shellcheck disable=SC2086
      "$cimsim" net --model "$out/$model.onnx" --backend $backend $opts --seed "$seed" \
        --no-progress --json "$out/net_${model}_c${i}_s${seed}.json" >/dev/null
    done
    echo "$i|${conditions[$i]%%|*}" >>"$out/conditions.txt"
  done
  echo "workloads: $model done" >&2
done
python3 sim/workloads.py "$out"
