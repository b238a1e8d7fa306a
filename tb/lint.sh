#!/usr/bin/env bash
# RTL lint in the three tools the RTL must satisfy, over several parameter sets:
# verilator --lint-only -Wall (no waivers), iverilog -g2012, yosys read_verilog -sv + hierarchy -check.
# Run from the repository root (make lint does). Exits non-zero on the first tool that complains.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < rtl/cim_macro.f
# "ROWS COLS WBITS ABITS ABITS_PER_CYCLE": the default, the test configurations, precision ports
# that fill their width (WBITS=15, ABITS=7), and 2, 4 and 16 activation bits per cycle. Icarus
# elaborates the large generate hierarchies slowly (minutes above the default size), so it checks
# the configurations up to the default's size.
configs=("64 16 8 8 1" "2 2 8 8 1" "23 3 5 3 1" "100 5 16 16 1" "2 1 1 1 1" "64 16 15 7 1"
         "23 3 5 3 2" "32 8 8 8 4" "12 2 4 4 4" "64 16 8 7 4" "4 2 3 16 16")
icarus_max_bits=8192
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cfg in "${configs[@]}"; do
  read -r rows cols wbits abits apc <<<"$cfg"
  tag="ROWS=$rows COLS=$cols WBITS=$wbits ABITS=$abits ABITS_PER_CYCLE=$apc"
  if ! verilator --lint-only -Wall --top-module cim_macro -GROWS="$rows" -GCOLS="$cols" \
      -GWBITS="$wbits" -GABITS="$abits" -GABITS_PER_CYCLE="$apc" "${files[@]}" >"$work/v.log" 2>&1; then
    echo "verilator -Wall failed for $tag:"; cat "$work/v.log"; exit 1
  fi
  if (( rows * cols * wbits * apc <= icarus_max_bits )) && ! iverilog -g2012 -s cim_macro -Pcim_macro.ROWS="$rows" -Pcim_macro.COLS="$cols" \
      -Pcim_macro.WBITS="$wbits" -Pcim_macro.ABITS="$abits" -Pcim_macro.ABITS_PER_CYCLE="$apc" \
      -o "$work/i.vvp" "${files[@]}" \
      >"$work/i.log" 2>&1 || grep -q . "$work/i.log"; then
    echo "iverilog -g2012 failed or warned for $tag:"; cat "$work/i.log"; exit 1
  fi
  if ! yosys -q -l "$work/y.log" -p "read_verilog -sv ${files[*]}; chparam -set ROWS $rows -set COLS $cols -set WBITS $wbits -set ABITS $abits -set ABITS_PER_CYCLE $apc cim_macro; hierarchy -check -top cim_macro; proc; check -assert" \
      >/dev/null 2>&1; then
    echo "yosys failed for $tag:"; cat "$work/y.log"; exit 1
  fi
  tools="verilator -Wall, yosys -sv"
  (( rows * cols * wbits * apc <= icarus_max_bits )) && tools+=", iverilog -g2012"
  echo "lint clean: $tag ($tools)"
done

# cim_analog_macro: "ROWS COLS WBITS ABITS CELL_BITS ADC_BITS ADC_SHARE". The behavioral crossbar is
# linted too (Verilator -Wall; one reasoned BLKSEQ waiver in it); Yosys sees it empty (SYNTHESIS).
mapfile -t analog_files < rtl/analog/cim_analog_macro.f
analog_configs=("64 16 8 8 2 8 1" "23 3 5 3 1 5 3" "16 4 8 4 3 6 2" "2 1 1 1 1 1 1" "8 2 16 16 4 14 5")
for cfg in "${analog_configs[@]}"; do
  read -r rows cols wbits abits cell adc share <<<"$cfg"
  tag="cim_analog_macro ROWS=$rows COLS=$cols WBITS=$wbits ABITS=$abits CELL_BITS=$cell ADC_BITS=$adc ADC_SHARE=$share"
  if ! verilator --lint-only -Wall --top-module cim_analog_macro -GROWS="$rows" -GCOLS="$cols" \
      -GWBITS="$wbits" -GABITS="$abits" -GCELL_BITS="$cell" -GADC_BITS="$adc" -GADC_SHARE="$share" \
      "${analog_files[@]}" >"$work/v.log" 2>&1; then
    echo "verilator -Wall failed for $tag:"; cat "$work/v.log"; exit 1
  fi
  if ! iverilog -g2012 -s cim_analog_macro -Pcim_analog_macro.ROWS="$rows" -Pcim_analog_macro.COLS="$cols" \
      -Pcim_analog_macro.WBITS="$wbits" -Pcim_analog_macro.ABITS="$abits" \
      -Pcim_analog_macro.CELL_BITS="$cell" -Pcim_analog_macro.ADC_BITS="$adc" \
      -Pcim_analog_macro.ADC_SHARE="$share" -o "$work/i.vvp" "${analog_files[@]}" >"$work/i.log" 2>&1 \
      || grep -q . "$work/i.log"; then
    echo "iverilog -g2012 failed or warned for $tag:"; cat "$work/i.log"; exit 1
  fi
  if ! yosys -q -l "$work/y.log" -p "read_verilog -sv ${analog_files[*]}; chparam -set ROWS $rows -set COLS $cols -set WBITS $wbits -set ABITS $abits -set CELL_BITS $cell -set ADC_BITS $adc -set ADC_SHARE $share cim_analog_macro; hierarchy -check -top cim_analog_macro; proc; check -assert" \
      >/dev/null 2>&1; then
    echo "yosys failed for $tag:"; cat "$work/y.log"; exit 1
  fi
  echo "lint clean: $tag (verilator -Wall, iverilog -g2012, yosys -sv)"
done
