#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Gate-level simulation of a make-synth result against the RTL, in Icarus with the OSU cell models.
# Usage: synth/gls.sh SYNTH_DIR [+plusargs...]  (SYNTH_DIR holds netlist.v and report.json; the
# plusargs reach both analog crossbars, e.g. +cim_prog_noise=1)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1; shift
source synth/cells.sh
cells=$cim_cell_models
# The parameters the netlist was synthesized for, as iverilog -P overrides.
mapfile -t params < <(python3 - "$dir/report.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["config"]
for k, v in c.items():
    print(f"-Pgls_tb.ANALOG={int(v == 'analog')}" if k == "MACRO" else f"-Pgls_tb.{k}={v}")
PY
)
if printf '%s\n' "${params[@]}" | grep -qx -- -Pgls_tb.ANALOG=1; then
  sed 's/^module cim_analog_macro(/module cim_analog_periphery_gl(/' "$dir/netlist.v" >"$dir/netlist_gl.v"
  mapfile -t rtl < rtl/analog/cim_analog_macro.f
else
  sed 's/^module cim_macro(/module cim_macro_gl(/' "$dir/netlist.v" >"$dir/netlist_gl.v"
  mapfile -t rtl < rtl/cim_macro.f
fi
iverilog -g2012 -Irtl -Iflow -s gls_tb -o "$dir/gls.vvp" "${params[@]}" \
  "${rtl[@]}" "$cells" "$dir/netlist_gl.v" synth/gls_tb.sv 2>"$dir/gls_build.log" \
  || { echo "gls: iverilog failed; log: $dir/gls_build.log" >&2; exit 1; }
vvp -n "$dir/gls.vvp" "$@" | tee "$dir/gls.log"
grep -q "^gls: PASS" "$dir/gls.log"
