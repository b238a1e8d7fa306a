#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make workloads: the digits classifiers' accuracy tables (docs/workloads.md). Trains a plain and a
# noise-aware 64 -> 32 -> 10 perceptron and CNN (training seed 1), runs each on the quantized
# golden model, the Verilated digital macro and the Verilated analog macro under each
# non-ideality with device seeds 1..5, does the same for two conditions on a plain and a
# noise-aware residual network, and prints the tables experiments/workloads.py makes of the JSON summaries.
# Usage: experiments/workloads.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
cimsim=$build/cimsim
out=$build/workloads
rm -rf "$out"
mkdir -p "$out"

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
for i in "${!conditions[@]}"; do echo "$i|${conditions[$i]%%|*}" >>"$out/conditions.txt"; done

# run FAMILY MODEL CONDITION...: the model on the digital macro, then on the analog macro under
# each condition (an index of conditions) with device seeds 1..5.
run() {
  local family=$1 model=$2; shift 2
  "$cimsim" net --model "$out/${family}_$model.onnx" --backend digital --no-progress \
    --json "$out/net_${family}_${model}_digital.json" >/dev/null
  for i in "$@"; do
    opts=${conditions[$i]#*|}
    for seed in 1 2 3 4 5; do
      # The 6-bit ADC is another compiled model only if flow/configs.txt has it; the golden analog
      # model stands in otherwise (bit-exact with the RTL where both exist).
      backend=analog
      [[ "$opts" == *"--adc-bits 6"* ]] && backend=analog-golden
      # shellcheck disable=SC2086
      "$cimsim" net --model "$out/${family}_$model.onnx" --backend $backend $opts --seed "$seed" \
        --no-progress --json "$out/net_${family}_${model}_c${i}_s${seed}.json" >/dev/null
    done
  done
  echo "workloads: $family $model done" >&2
}

all=("${!conditions[@]}")
# The perceptron and the CNN, each trained here plainly and noise-aware (training seed 1).
for family in mlp cnn; do
  for model in plain noise_aware; do
    aware=()
    [ "$model" = noise_aware ] && aware=(--noise-aware --backend analog)
    "$cimsim" train --arch "$family" --out "$out/${family}_$model.onnx" "${aware[@]}" --no-progress \
      --json "$out/train_${family}_$model.json" >/dev/null
    run "$family" "$model" "${all[@]}"
  done
  echo "$family|plain noise_aware" >>"$out/families.txt"
done
# A residual network (16 channels, as the fixture's), plain and noise-aware: ideal devices and all
# the noise together (each run takes about 12 s on the analog macro).
for model in plain noise_aware; do
  aware=()
  [ "$model" = noise_aware ] && aware=(--noise-aware --backend analog)
  "$cimsim" train --arch resnet --channels 16 --out "$out/resnet_$model.onnx" "${aware[@]}" --no-progress \
    --json "$out/train_resnet_$model.json" >/dev/null
  run resnet "$model" 0 5
done
echo "resnet|plain noise_aware" >>"$out/families.txt"
python3 experiments/workloads.py "$out"
