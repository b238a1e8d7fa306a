#!/usr/bin/env bash
# RTL lint in the three tools the RTL must satisfy, over several parameter sets:
# verilator --lint-only -Wall (no waivers), iverilog -g2012, yosys read_verilog -sv + hierarchy -check.
# Run from the repository root (make lint does). Exits non-zero on the first tool that complains.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < rtl/cim_macro.f
# "ROWS COLS WBITS ABITS": the default, the test configurations, and precision ports that fill
# their width (WBITS=15, ABITS=7). Icarus elaborates the large generate hierarchies slowly (minutes
# above the default size), so it checks the configurations up to the default's size.
configs=("64 16 8 8" "2 2 8 8" "23 3 5 3" "100 5 16 16" "2 1 1 1" "64 16 15 7")
icarus_max_bits=8192
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cfg in "${configs[@]}"; do
  read -r rows cols wbits abits <<<"$cfg"
  tag="ROWS=$rows COLS=$cols WBITS=$wbits ABITS=$abits"
  if ! verilator --lint-only -Wall --top-module cim_macro -GROWS="$rows" -GCOLS="$cols" \
      -GWBITS="$wbits" -GABITS="$abits" "${files[@]}" >"$work/v.log" 2>&1; then
    echo "verilator -Wall failed for $tag:"; cat "$work/v.log"; exit 1
  fi
  if (( rows * cols * wbits <= icarus_max_bits )) && ! iverilog -g2012 -s cim_macro -Pcim_macro.ROWS="$rows" -Pcim_macro.COLS="$cols" \
      -Pcim_macro.WBITS="$wbits" -Pcim_macro.ABITS="$abits" -o "$work/i.vvp" "${files[@]}" \
      >"$work/i.log" 2>&1 || grep -q . "$work/i.log"; then
    echo "iverilog -g2012 failed or warned for $tag:"; cat "$work/i.log"; exit 1
  fi
  if ! yosys -q -l "$work/y.log" -p "read_verilog -sv ${files[*]}; chparam -set ROWS $rows -set COLS $cols -set WBITS $wbits -set ABITS $abits cim_macro; hierarchy -check -top cim_macro; proc; check -assert" \
      >/dev/null 2>&1; then
    echo "yosys failed for $tag:"; cat "$work/y.log"; exit 1
  fi
  tools="verilator -Wall, yosys -sv"
  (( rows * cols * wbits <= icarus_max_bits )) && tools+=", iverilog -g2012"
  echo "lint clean: $tag ($tools)"
done
