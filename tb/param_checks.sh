#!/usr/bin/env bash
# Out-of-range parameters must stop elaboration in every tool, with a message naming the parameter.
# Run from the repository root.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# expect_rejected TOP FILELIST NAME PARAM=VALUE...: Verilator and Yosys must stop with
# "parameter NAME ", Icarus (no elaboration-time $error) on a missing module cim_[analog_]NAME_must_be*.
expect_rejected() {
  local top=$1 filelist=$2 name=$3; shift 3
  local files g=() p=() y="" tag="$top $*" kv bad=0
  mapfile -t files <"$filelist"
  for kv in "$@"; do
    g+=("-G$kv"); p+=("-P$top.$kv"); y+=" -set ${kv%%=*} ${kv#*=}"
  done
  if verilator --lint-only --top-module "$top" "${g[@]}" "${files[@]}" >"$work/log" 2>&1; then
    echo "FAIL verilator accepted $tag"; bad=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL verilator rejected $tag without naming $name:"; cat "$work/log"; bad=1
  fi
  if iverilog -g2012 -s "$top" "${p[@]}" -o "$work/x.vvp" "${files[@]}" >"$work/log" 2>&1; then
    echo "FAIL iverilog accepted $tag"; bad=1
  elif ! grep -q "cim_\(analog_\)\?${name}_must_be" "$work/log"; then
    echo "FAIL iverilog rejected $tag without naming $name:"; cat "$work/log"; bad=1
  fi
  if yosys -q -p "read_verilog -sv ${files[*]}; chparam$y $top; hierarchy -check -top $top" \
      >"$work/log" 2>&1; then
    echo "FAIL yosys accepted $tag"; bad=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL yosys rejected $tag without naming $name:"; cat "$work/log"; bad=1
  fi
  if [ $bad -eq 0 ]; then
    echo "rejected in verilator, iverilog and yosys: $tag ($name named)"
  else
    fail=1
  fi
}

# cim_macro: "ROWS COLS WBITS ABITS ABITS_PER_CYCLE parameter-named-in-the-message"
cases=("1 16 8 8 1 ROWS" "0 16 8 8 1 ROWS" "64 0 8 8 1 COLS" "64 16 0 8 1 WBITS"
       "64 16 17 8 1 WBITS" "64 16 8 0 1 ABITS" "64 16 8 17 1 ABITS"
       "64 16 8 8 0 ABITS_PER_CYCLE" "64 16 8 8 3 ABITS_PER_CYCLE" "64 16 8 2 4 ABITS_PER_CYCLE")
for c in "${cases[@]}"; do
  read -r rows cols wbits abits apc name <<<"$c"
  expect_rejected cim_macro rtl/cim_macro.f "$name" ROWS="$rows" COLS="$cols" WBITS="$wbits" \
    ABITS="$abits" ABITS_PER_CYCLE="$apc"
done

# cim_analog_macro's own parameters, and a shared one: "PARAM=VALUE name-in-the-message".
analog_cases=("CELL_BITS=0 CELL_BITS" "CELL_BITS=5 CELL_BITS" "ADC_BITS=0 ADC_BITS" "ADC_BITS=15 ADC_BITS"
              "ADC_SHARE=0 ADC_SHARE" "ABITS_PER_CYCLE=2 ABITS_PER_CYCLE" "ROWS=1 ROWS")
for c in "${analog_cases[@]}"; do
  read -r setting name <<<"$c"
  expect_rejected cim_analog_macro rtl/analog/cim_analog_macro.f "$name" "$setting"
done
exit $fail
