#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make pareto: the digits perceptron's accuracy against its energy per inference on the analog
# macro (docs/analog.md, "Accuracy against energy"): cimsim sweep over ADC_BITS 4..10 for every
# CELL_BITS 1..4 and ADC_SHARE 1, 2, 4, 8, with full-range and calibrated (per column pair) ADCs,
# the plainly and the noise-aware trained perceptron side by side: once with ideal devices (the
# table of the lowest ADC resolution within a point of float), once under programming and read
# noise and a day of compensated drift with device seeds 1..SEEDS (the plot); and the digital
# macro's point. The
# analog points run on the Verilated macro where this build compiled the set (the CSVs' backends
# column says which), on the golden analog model otherwise. The energy: the analog parts modelled
# (cimsim's cost model), the periphery of each configuration and the digital macro measured by
# make synth (run here when their reports are missing). experiments/pareto.py turns the CSVs into the plot's data, the front and the
# table; gnuplot draws experiments/pareto.gp.
# Usage: experiments/pareto.sh BUILD_DIR [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
seeds=${2:-5}
[[ "$seeds" =~ ^[1-9][0-9]?$ ]] || { echo "make pareto: SEEDS=$seeds is not a whole number 1..99" >&2; exit 2; }
cimsim=$build/cimsim
out=$build/pareto
mkdir -p "$out"

# The perceptron and the CNN, trained plainly and noise-aware (training seed 1), as make
# workloads trains them.
for family in mlp cnn; do
  for model in plain noise_aware; do
    onnx=$out/${family}_$model.onnx
    [ -s "$onnx" ] && continue
    aware=()
    [ "$model" = noise_aware ] && aware=(--noise-aware --backend analog)
    "$cimsim" train --arch $family --out "$onnx" "${aware[@]}" --no-progress >/dev/null
  done
done

# The measured energies: the digital macro, and the analog macro's periphery for each CELL_BITS
# and ADC_SHARE (its netlist does not depend on ADC_BITS: the codes carry code x 2^shift at a
# width set by ROWS and CELL_BITS), each synthesized here when its report is missing.
digital_report=$build/synth/r64_c16_w8_a8/report.json
[ -s "$digital_report" ] || synth/synth.sh "$build" >/dev/null
analog_report() { echo "$build/synth/r64_c16_w8_a8_cb$1_adc8_s$2/report.json"; }
for cell in 1 2 3 4; do
  for share in 1 2 4 8; do
    [ -s "$(analog_report $cell $share)" ] || synth/synth.sh "$build" MACRO=analog CELL_BITS=$cell ADC_SHARE=$share >/dev/null
  done
done

"$cimsim" net --model "$out/mlp_plain.onnx" --backend digital --synth-report "$digital_report" \
  --no-progress --json "$out/digital.json" >/dev/null

# Two passes: ideal devices (one seed: nothing random), for the table of the lowest ADC resolution
# (the ADC's own effect), and the plot's condition (SEEDS seeds).
noisy=(--prog-noise --read-noise --drift --drift-t 86400 --drift-comp)
for pass in ideal noisy; do
  condition=()
  pass_seeds=1
  if [ "$pass" = noisy ]; then condition=("${noisy[@]}"); pass_seeds=$seeds; fi
  for cell in 1 2 3 4; do
    for share in 1 2 4 8; do
      for cal in full column; do
        name=${pass}_cb${cell}_s${share}_$cal
        [ -s "$out/$name.csv" ] && continue  # done by an earlier run (delete the folder to redo)
        echo "make pareto: $pass devices, CELL_BITS=$cell ADC_SHARE=$share, $cal-range ADCs"
        # The Verilated macro where the build compiled the set (a sweep starts from one it has).
        backend=analog-golden
        [ "$cell$share" = 21 ] && backend=analog
        # --macros 3: the perceptron's three weight tiles each on a macro of its own, as a
        # calibrated run places them anyway, so that full-range and calibrated ADCs see the same
        # devices (instance i draws with seed + i).
        "$cimsim" sweep --model "$out/mlp_plain.onnx" --model "$out/mlp_noise_aware.onnx" --macros 3 \
          --backend $backend --cell-bits "$cell" --adc-share "$share" --adc-calibrate "$cal" \
          ${condition[@]+"${condition[@]}"} --vary adc_bits=4:10 --seeds "$pass_seeds" \
          --synth-report "$(analog_report $cell $share)" --no-progress --out "$out/$name.part.csv" >/dev/null
        mv "$out/$name.part.csv" "$out/$name.csv"
      done
    done
  done
done

# The CNN's table: ideal devices, one ADC a column pair, its seven weight tiles each on a macro.
for cell in 1 2 3 4; do
  for cal in full column; do
    name=cnn_ideal_cb${cell}_s1_$cal
    [ -s "$out/$name.csv" ] && continue
    echo "make pareto: the CNN, ideal devices, CELL_BITS=$cell, $cal-range ADCs"
    backend=analog-golden
    [ "$cell" = 2 ] && backend=analog
    "$cimsim" sweep --model "$out/cnn_plain.onnx" --model "$out/cnn_noise_aware.onnx" --macros 7 \
      --backend $backend --cell-bits "$cell" --adc-calibrate "$cal" --vary adc_bits=4:10 --seeds 1 \
      --synth-report "$(analog_report $cell 1)" --no-progress --out "$out/$name.part.csv" >/dev/null
    mv "$out/$name.part.csv" "$out/$name.csv"
  done
done

python3 experiments/pareto.py "$out" "$out/digital.json"
gnuplot -e "dir='$out'" experiments/pareto.gp
echo "make pareto: $out/pareto.png, $out/lowest_adc_bits.md (and the CNN's, cnn_lowest_adc_bits.md), $out/points.csv"
