#!/usr/bin/env bash
# Gate-level simulation of a make-synth result against the RTL, in Icarus with the OSU cell models.
# Usage: synth/gls.sh SYNTH_DIR ROWS COLS WBITS ABITS ABITS_PER_CYCLE   (SYNTH_DIR holds netlist.v)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1 rows=$2 cols=$3 wbits=$4 abits=$5 apc=$6
cells=/usr/share/qflow/tech/osu018/osu018_stdcells.v
sed 's/^module cim_macro(/module cim_macro_gl(/' "$dir/netlist.v" >"$dir/netlist_gl.v"
mapfile -t rtl < rtl/cim_macro.f
iverilog -g2012 -s gls_tb -o "$dir/gls.vvp" \
  -Pgls_tb.ROWS="$rows" -Pgls_tb.COLS="$cols" -Pgls_tb.WBITS="$wbits" -Pgls_tb.ABITS="$abits" \
  -Pgls_tb.ABITS_PER_CYCLE="$apc" \
  "${rtl[@]}" "$cells" "$dir/netlist_gl.v" synth/gls_tb.sv 2>"$dir/gls_build.log" \
  || { echo "gls: iverilog failed; log: $dir/gls_build.log" >&2; exit 1; }
vvp -n "$dir/gls.vvp" | tee "$dir/gls.log"
grep -q "^gls: PASS" "$dir/gls.log"
