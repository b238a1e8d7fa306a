#!/usr/bin/env bash
# Out-of-range parameters must stop elaboration in every tool, with a message naming the parameter.
# Run from the repository root.
set -uo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < rtl/cim_macro.f
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
# "ROWS COLS WBITS ABITS ABITS_PER_CYCLE parameter-named-in-the-message"
cases=("1 16 8 8 1 ROWS" "0 16 8 8 1 ROWS" "64 0 8 8 1 COLS" "64 16 0 8 1 WBITS"
       "64 16 17 8 1 WBITS" "64 16 8 0 1 ABITS" "64 16 8 17 1 ABITS"
       "64 16 8 8 0 ABITS_PER_CYCLE" "64 16 8 8 3 ABITS_PER_CYCLE" "64 16 8 2 4 ABITS_PER_CYCLE")
for c in "${cases[@]}"; do
  read -r rows cols wbits abits apc name <<<"$c"
  tag="ROWS=$rows COLS=$cols WBITS=$wbits ABITS=$abits ABITS_PER_CYCLE=$apc"
  if verilator --lint-only --top-module cim_macro -GROWS="$rows" -GCOLS="$cols" -GWBITS="$wbits" \
      -GABITS="$abits" -GABITS_PER_CYCLE="$apc" "${files[@]}" >"$work/log" 2>&1; then
    echo "FAIL verilator accepted $tag"; fail=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL verilator rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  if iverilog -g2012 -s cim_macro -Pcim_macro.ROWS="$rows" -Pcim_macro.COLS="$cols" \
      -Pcim_macro.WBITS="$wbits" -Pcim_macro.ABITS="$abits" -Pcim_macro.ABITS_PER_CYCLE="$apc" \
      -o "$work/x.vvp" "${files[@]}" \
      >"$work/log" 2>&1; then
    echo "FAIL iverilog accepted $tag"; fail=1
  elif ! grep -q "cim_${name}_must_be" "$work/log"; then
    echo "FAIL iverilog rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  if yosys -q -p "read_verilog -sv ${files[*]}; chparam -set ROWS $rows -set COLS $cols -set WBITS $wbits -set ABITS $abits -set ABITS_PER_CYCLE $apc cim_macro; hierarchy -check -top cim_macro" \
      >"$work/log" 2>&1; then
    echo "FAIL yosys accepted $tag"; fail=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL yosys rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  [ $fail -eq 0 ] && echo "rejected in verilator, iverilog and yosys: $tag ($name named)"
done

# cim_analog_macro's own parameters: "PARAM=VALUE name-in-the-message".
mapfile -t analog_files < rtl/analog/cim_analog_macro.f
analog_cases=("CELL_BITS=0 CELL_BITS" "CELL_BITS=5 CELL_BITS" "ADC_BITS=0 ADC_BITS" "ADC_BITS=15 ADC_BITS"
              "ADC_SHARE=0 ADC_SHARE" "ABITS_PER_CYCLE=2 ABITS_PER_CYCLE" "ROWS=1 ROWS")
for c in "${analog_cases[@]}"; do
  read -r setting name <<<"$c"
  param=${setting%%=*} value=${setting#*=}
  tag="cim_analog_macro $setting"
  if verilator --lint-only --top-module cim_analog_macro -G"$setting" "${analog_files[@]}" >"$work/log" 2>&1; then
    echo "FAIL verilator accepted $tag"; fail=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL verilator rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  if iverilog -g2012 -s cim_analog_macro -Pcim_analog_macro."$setting" -o "$work/x.vvp" \
      "${analog_files[@]}" >"$work/log" 2>&1; then
    echo "FAIL iverilog accepted $tag"; fail=1
  elif ! grep -q "cim_\(analog_\)\?${name}_must_be" "$work/log"; then
    echo "FAIL iverilog rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  if yosys -q -p "read_verilog -sv ${analog_files[*]}; chparam -set $param $value cim_analog_macro; hierarchy -check -top cim_analog_macro" \
      >"$work/log" 2>&1; then
    echo "FAIL yosys accepted $tag"; fail=1
  elif ! grep -q "parameter $name " "$work/log"; then
    echo "FAIL yosys rejected $tag without naming $name:"; cat "$work/log"; fail=1
  fi
  [ $fail -eq 0 ] && echo "rejected in verilator, iverilog and yosys: $tag ($name named)"
done
exit $fail
