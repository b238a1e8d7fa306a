#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The RTL in a second simulator: Icarus Verilog (4-state) runs every parameter set flow/configs.txt
# marks `icarus` against vectors the golden model exports (cimsim vectors): every output of every
# cycle compared, and no X or Z on any output from the reset on (tb/icarus/cim_vectors_tb.sv).
#
#   tb/icarus/run.sh [--check|--icarus-only] CIMSIM OUT_DIR [RESPONSES] [DUT=FILELIST TOP=... ...]
#
# RESPONSES (default 150) per set. Prints a line per set with the speed of Icarus and of the
# Verilated model on the same vectors (cimsim vectors --replay: the backend alone, every output
# compared too), side by side; then shows the testbench failing on a vector file with one output
# changed. With DUT= and TOP= (make icarus DUT=...), that DUT at the size given, instead of the
# kit's sets: it must claim the reference timing (the vectors are the golden model's, cycle by
# cycle). A failing set names the first differing port field and cycle and leaves a VCD of the
# cycles around it. Exit 1 if anything fails, 2 on a bad argument.
set -uo pipefail
check_only=false  # --check: the arguments checked, nothing run (make icarus, before building)
icarus_only=false  # --icarus-only: no Verilated replay (a DUT this build did not compile: a test's)
if [ "${1:-}" = --check ]; then check_only=true; shift; fi
if [ "${1:-}" = --icarus-only ]; then icarus_only=true; shift; fi
if [[ $# -lt 2 || ! ${3:-1} =~ ^[1-9][0-9]{0,5}$ ]]; then
  echo "usage: tb/icarus/run.sh CIMSIM OUT_DIR [RESPONSES 1..999999] [DUT=FILELIST TOP=MODULE ROWS=... ...]" >&2
  exit 2
fi
cimsim=$(realpath -m "$1") out=$(realpath -m "$2") responses=${3:-150}
shift $(( $# < 3 ? $# : 3 ))
# The DUT's paths are where make runs (this folder); the kit's are the repository's.
source "$(dirname "$0")/../../flow/params.sh"
cim_params_parse "make icarus" "$cim_dut_names" "$@"
cim_dut_parse "make icarus"
dut_top="" dut_flags=() listing=""
if [ -n "${cim_given[DUT]:-}" ]; then
  [ "${cim_param[MACRO]}" = digital ] || { echo "make icarus: a DUT with MACRO=analog is not supported yet" >&2; exit 2; }
  [ "${cim_param[CHECK]:-}" = cycle-exact ] || { echo "make icarus: the vectors are the reference macro's, cycle by cycle: give CHECK=cycle-exact for a DUT that claims its timing (a DUT with its own timing is checked by transaction: make sim)" >&2; exit 2; }
  dut_top=${cim_param[TOP]}
  listing=$("$cim_params_dir/flow/filelist.sh" "$(realpath "${cim_param[DUT]}")" "$PWD") || exit 2
elif (( $# > 0 )); then
  echo "make icarus: macro parameters come with DUT= and TOP= (the kit's own sets are flow/configs.txt's)" >&2
  exit 2
fi
$check_only && exit 0
cd "$cim_params_dir"
mkdir -p "$out"
mapfile -t digital_rtl < rtl/cim_macro.f
mapfile -t analog_rtl < rtl/analog/cim_analog_macro.f
tb=cim_vectors_tb tb_file=tb/icarus/cim_vectors_tb.sv tb_flags=(-Irtl -Iflow)
if [ -n "$dut_top" ]; then
  # Beside a DUT, the testbench and the package it uses are the kit layer's (flow/kit_layer.sh),
  # so nothing the DUT defines hides them; the DUT's include folders come first.
  flow/kit_layer.sh "$out/kit" >/dev/null || exit 1
  tb=opencim_vectors_tb tb_file=$out/kit/opencim_vectors_tb.sv tb_flags=("-I$out/kit")
  mapfile -t digital_rtl < <(sed -n 's/^source //p' <<<"$listing")
  digital_rtl=("$out/kit/opencim_pkg.sv" "${digital_rtl[@]}")
  while read -r dir; do dut_flags+=("-I$dir"); done < <(sed -n 's/^incdir //p' <<<"$listing")
  dut_flags+=("-DOPENCIM_DUT_TOP=$dut_top")
  sets=("digital $(cim_assignments dut)")
else
  mapfile -t sets < <(flow/params.sh sets icarus) || exit 2
fi
[ ${#sets[@]} -gt 0 ] || { echo "FAIL: no parameter set in flow/configs.txt is marked icarus"; exit 1; }
fail=0
for set in "${sets[@]}"; do
  read -r macro assignments <<<"$set"
  cim_params_parse "make icarus" "" "MACRO=$macro" $assignments
  name=$(cim_config_name)
  read -r -a args <<<"--macro $(cim_shape)$(cim_options ${dut_top:+dut})"
  params=()
  for kv in $assignments; do params+=(-P "$tb.$kv"); done
  if [ "$macro" = analog ]; then
    params+=(-P "$tb.ANALOG=1")
    golden=analog-golden verilated=analog
    rtl=("${analog_rtl[@]}")
  else
    golden=golden verilated=digital
    [ -n "$dut_top" ] && verilated=${dut_top,,}
    rtl=("${digital_rtl[@]}")
  fi
  vec=$out/$macro-$name.vec
  if ! "$cimsim" vectors --backend "$golden" "${args[@]}" --count "$responses" --out "$vec" >"$out/$macro-$name.cimsim.txt" 2>&1; then
    echo "FAIL $macro $name: cimsim vectors: $(cat "$out/$macro-$name.cimsim.txt")"; fail=1; continue
  fi
  if ! iverilog -g2012 "${dut_flags[@]}" "${tb_flags[@]}" -s "$tb" "${params[@]}" \
      -o "$out/$macro-$name.vvp" "${rtl[@]}" "$tb_file" \
      >"$out/$macro-$name.iverilog.txt" 2>&1; then
    echo "FAIL $macro $name: iverilog: $(head -5 "$out/$macro-$name.iverilog.txt")"; fail=1; continue
  fi
  read -r -a plusargs <<<"$(sed -n 's/^# plusargs//p' "$vec")"
  # A long run says first how long it will take: the first 200 cycles timed.
  total=$(grep -vc '^#' "$vec")
  if (( total > 2000 )); then
    { grep '^#' "$vec"; grep -v '^#' "$vec" | head -200; } >"$out/probe.vec"
    t0=$(date +%s%N)
    vvp -n "$out/$macro-$name.vvp" "+vectors=$out/probe.vec" "${plusargs[@]}" >/dev/null 2>&1
    echo "$macro $name: $total cycles, about $(( ($(date +%s%N) - t0) * total / 200 / 1000000000 + 1 )) s in Icarus"
  fi
  start=$(date +%s%N)
  result=$(vvp -n "$out/$macro-$name.vvp" "+vectors=$vec" "${plusargs[@]}" 2>&1 | tail -12)
  ns=$(( $(date +%s%N) - start ))
  cycles=$(sed -n 's/.*PASS: \([0-9]*\) cycles.*/\1/p' <<<"$result")
  if [ -z "$cycles" ]; then
    echo "FAIL $macro $name: $result"; fail=1
    first=$(sed -n 's/.*first difference at cycle \([0-9]*\).*/\1/p' <<<"$result")
    if [ -n "$first" ]; then  # the run again, dumping the cycles around the first difference
      vcd=$out/$macro-$name.vcd
      vvp -n "$out/$macro-$name.vvp" "+vectors=$vec" "${plusargs[@]}" "+vcd=$vcd" \
        "+vcd_from=$(( first > 20 ? first - 20 : 0 ))" "+vcd_to=$(( first + 5 ))" >/dev/null 2>&1
      echo "  waveform of cycles $(( first > 20 ? first - 20 : 0 ))..$(( first + 5 )): $vcd"
    fi
    continue
  fi
  if $icarus_only; then
    echo "PASS $macro $name: $cycles cycles in Icarus"
    last_vec=$vec last_vvp=$out/$macro-$name.vvp
    continue
  fi
  if ! replayed=$("$cimsim" vectors --backend "$verilated" "${args[@]}" --replay "$vec" 2>&1); then
    echo "FAIL $macro $name: the Verilated model on the same vectors: $replayed"; fail=1; continue
  fi
  awk -v m="$macro" -v n="$name" -v c="$cycles" -v ns="$ns" -v v="${replayed##* 0 differing, }" 'BEGIN {
    printf "PASS %-7s %-27s %5d cycles: Icarus %6.0f cycles/s, Verilator %9.0f cycles/s\n",
           m, n, c, c / (ns / 1e9), v + 0 }'
  last_vec=$vec last_vvp=$out/$macro-$name.vvp
done

# The comparison bites: the last set's vectors with the last line's rsp_err_o inverted.
if [ -n "${last_vec:-}" ]; then
  awk '{ line[NR] = $0 } END { for (i = 1; i < NR; i++) print line[i]
         n = split(line[NR], f, " "); f[n] = f[n] == "0" ? "1" : "0"
         s = f[1]; for (i = 2; i <= n; i++) s = s " " f[i]; print s }' "$last_vec" >"$out/changed.vec"
  result=$(vvp -n "$last_vvp" "+vectors=$out/changed.vec" "${plusargs[@]}" 2>&1 | tail -3)
  if grep -q "rsp_err_o is ., the golden model's is ." <<<"$result" && grep -q "FAIL: .*1 outputs differing" <<<"$result"; then
    echo "ok: one output changed in the vectors is caught: $(head -1 <<<"$result")"
  else
    echo "FAIL: a vector file with one output changed passed: $result"; fail=1
  fi
fi
exit $fail
