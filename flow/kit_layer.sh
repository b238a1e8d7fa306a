#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The kit layer: what the kit compiles next to a user's DUT (its package, the port checks bound to
# the DUT's top, the configure-time port check, the formal wrapper, the Icarus testbench), written
# into OUT in a namespace of its own, so that nothing the DUT defines can hide or replace it:
#   files    cim_X.sv(h)  -> opencim_X.sv(h)    (the include search finds the DUT's own first)
#   macros   `CIM_X       -> `OPENCIM_X         (include guards too: a fork that keeps the kit's
#                                                CIM_* guards no longer hides the kit's package)
#   names    cim_x        -> opencim_x          (package, modules; instance names stay)
# The kit's own macros include their checks themselves and never read this layer. A DUT whose own
# names start with opencim_/OPENCIM_ collides with it; the tools then name the duplicate.
# Usage: flow/kit_layer.sh OUT (from anywhere); prints the files the layer was written from.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: flow/kit_layer.sh OUT}
mkdir -p "$out"
# The layer's top files; every file they include (from rtl/ and flow/) is taken with them.
# (The Icarus testbench only where it is: the installed kit has no Icarus flow.)
todo=(rtl/cim_pkg.sv rtl/cim_port_checks.sv flow/dut/cim_dut_check.sv flow/dut/cim_dut_formal.sv)
[ -f "$root/tb/icarus/cim_vectors_tb.sv" ] && todo+=(tb/icarus/cim_vectors_tb.sv)
declare -A done_files=()
while [ ${#todo[@]} -gt 0 ]; do
  f=${todo[0]}
  todo=("${todo[@]:1}")
  [ -z "${done_files[$f]:-}" ] || continue
  done_files[$f]=1
  while IFS= read -r inc; do
    for dir in rtl flow; do
      if [ -f "$root/$dir/$inc" ]; then todo+=("$dir/$inc"); break; fi
    done
  done < <(sed -n 's/^[[:space:]]*`include "\([^"]*\)".*/\1/p' "$root/$f")
done
for f in "${!done_files[@]}"; do
  name=$(basename "$f")
  sed -E 's/\bCIM_/OPENCIM_/g; s/\bcim_/opencim_/g' "$root/$f" |
    sed "1a // Written by flow/kit_layer.sh from $f, in the kit layer's namespace: do not edit." \
      >"$out/opencim_${name#cim_}.tmp"
  # Written only when it changes: the models that compile it are not rebuilt for nothing.
  if cmp -s "$out/opencim_${name#cim_}.tmp" "$out/opencim_${name#cim_}"; then
    rm "$out/opencim_${name#cim_}.tmp"
  else
    mv "$out/opencim_${name#cim_}.tmp" "$out/opencim_${name#cim_}"
  fi
done
printf "$root/%s\n" "${!done_files[@]}"
