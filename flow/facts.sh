#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Files generated from a fact's one home must match it. Usage: flow/facts.sh check|write [CIM_FACTS]
# (without CIM_FACTS only the two RTL files of the parameter record, which need no build)
#   rtl/analog/cim_analog_settings.svh       <- analog_settings() (golden/src/analog.cc)
#   docs/analog.md, between settings markers  <- the same
#   docs/macro.md, between limits markers     <- rtl/cim_params.txt (through CMake's cim/limits.h)
#   docs/cimsim.md, between operators markers <- the operator table (nn/include/cim/operators.h)
#   docs/your-macro.md, between port-list markers <- CIM_INPUT_PORTS / CIM_OUTPUT_PORTS
#   rtl/cim_pkg.sv, rtl/cim_params.svh         <- the same, by cmake/opencim_params.cmake
#   flow/cim_vector_ports.svh           <- CIM_INPUT_PORTS / CIM_OUTPUT_PORTS (golden ports.h)
#   rtl/cim_port_check_ports.svh             <- the same
# check fails naming each file that drifted; write (make facts) rewrites them.
set -euo pipefail
mode=$1 facts=${2:+$(realpath "$2")}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# splice FILE MARKER GENERATED: FILE with the lines between <!-- MARKER:begin --> and
# <!-- MARKER:end --> replaced by GENERATED.
splice() {
  awk -v gen="$3" -v b="<!-- $2:begin -->" -v e="<!-- $2:end -->" '
    $0 == b { print; while ((getline line < gen) > 0) print line; skip = 1; found++; next }
    $0 == e { skip = 0 }
    !skip { print }
    END { if (found != 1) exit 3 }' "$1"
}

compare() {  # FILE WANT
  if [ ! -f "$1" ] && [ "$mode" = write ]; then cp "$2" "$1"; echo "wrote $1"
  elif ! cmp -s "$1" "$2"; then
    if [ "$mode" = write ]; then cp "$2" "$1"; echo "rewrote $1"
    else echo "FAIL: $1 is not what its home says (run make facts):"; diff "$1" "$2" | head -20; fail=1; fi
  else
    echo "in sync: $1"
  fi
}

cmake -DOPENCIM_SV_OUT="$work" -P cmake/opencim_params.cmake || exit 1
compare rtl/cim_pkg.sv "$work/cim_pkg.sv"
compare rtl/cim_params.svh "$work/cim_params.svh"
[ -n "$facts" ] || exit $fail
# fact_file FACT FILE: FILE is what cim_facts FACT writes.
fact_file() {
  "$facts" "$1" >"$work/$1"
  compare "$2" "$work/$1"
}
# fact_block FACT FILE MARKER: FILE's lines between its MARKER:begin/end pair are what cim_facts
# FACT writes.
fact_block() {
  "$facts" "$1" >"$work/$1"
  splice "$2" "$3" "$work/$1" >"$work/$1.whole" \
    || { echo "FAIL: $2 lacks one $3:begin/end marker pair"; exit 1; }
  compare "$2" "$work/$1.whole"
}
fact_file settings-svh rtl/analog/cim_analog_settings.svh
fact_block settings-md docs/analog.md settings
fact_block costs-md docs/analog.md costs
fact_block devices-md docs/analog.md devices
fact_block limits-md docs/macro.md limits
fact_block operators-md docs/cimsim.md operators
fact_block port-list-md docs/your-macro.md port-list
fact_file check-ports-svh rtl/cim_port_check_ports.svh
fact_file vector-ports-svh flow/cim_vector_ports.svh
exit $fail
