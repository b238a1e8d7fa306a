#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What the kit needs of a DUT's top, checked before anything is built (cmake/opencim_dut.cmake at
# configure time, make lint DUT=...): TOP is a module of the DUT's sources, and it presents every
# CIM port and parameter the kit drives or reads (Verilator elaborates the kit layer's
# opencim_dut_check wrapper, flow/dut/cim_dut_check.sv, around it; a missing port or parameter,
# or a port of another width, is an error that names it), and the array its STORAGE names, if any.
#   flow/dut_ports.sh KIT_DIR TOP MACRO [STORAGE] -- VERILATOR_ARGS_AND_SOURCES...
# KIT_DIR: the kit layer (flow/kit_layer.sh); MACRO: digital or analog. Exits 1 with the reason.
set -uo pipefail
kit=$1 top=$2 macro=$3
shift 3
storage=""
if [ "${1:-}" != "--" ]; then storage=$1; shift; fi
[ "${1:-}" = "--" ] || { echo "usage: flow/dut_ports.sh KIT_DIR TOP MACRO [STORAGE] -- ARGS..." >&2; exit 2; }
shift
defines=(+define+OPENCIM_DUT_TOP="$top")
[ "$macro" = analog ] && defines+=(+define+OPENCIM_DUT_ANALOG)
wanted="the CIM ports and parameters (docs/your-macro.md lists them)"
if [ -n "$storage" ]; then
  defines+=(+define+OPENCIM_DUT_STORAGE="$storage")
  wanted+=" and the array its STORAGE names ($storage)"
fi
# The DUT's own sources (not the kit layer's).
sources=()
for a in "$@"; do
  case $a in
    -*|+*) ;;
    "$kit"/*) ;;
    *.sv|*.v|*.svh|*.vh) sources+=("$a") ;;
  esac
done
# A name of the kit layer's namespace declared by the DUT would replace the kit's: named here.
if [ ${#sources[@]} -gt 0 ]; then
  taken=$(grep -ohE '^[[:space:]]*(module|package|interface|program)[[:space:]]+opencim_[A-Za-z0-9_]*|`define[[:space:]]+OPENCIM_[A-Za-z0-9_]*' \
            "${sources[@]}" 2>/dev/null | awk '{print $NF}' | sort -u | tr '\n' ' ')
  if [ -n "$taken" ]; then
    echo "the DUT declares ${taken% }: a name of the kit layer's namespace (opencim_*, OPENCIM_*; flow/kit_layer.sh), which the kit compiles beside it; rename it"
    exit 1
  fi
fi
# Width warnings are on (not fatal), and count where the wrapper connects the DUT's ports: a port
# of the wrong width is named here, the DUT's own width warnings are its lint's business.
if out=$(verilator --lint-only -Wno-lint -Wno-style -Wno-PINMISSING -Wwarn-WIDTH -Wno-fatal \
           --top-module opencim_dut_check "${defines[@]}" -I"$kit" "$@" "$kit/opencim_dut_check.sv" 2>&1); then
  widths=$(grep -E "^%Warning-WIDTH[A-Z]*: $kit/opencim_dut_check.sv" <<<"$out" | sed 's/^[^ ]* [^ ]* //')
  [ -z "$widths" ] && exit 0
  echo "DUT $top presents a port of another width than the kit's (docs/your-macro.md: the port list to copy):"
  sed 's/^/  /' <<<"$widths" | head -20
  exit 1
fi
# A top that no source declares is said so plainly, not as the errors it causes further on.
if [ ${#sources[@]} -gt 0 ] && ! grep -qE "^[[:space:]]*module[[:space:]]+$top\b" "${sources[@]}" 2>/dev/null; then
  names=$(sed -nE 's/^[[:space:]]*module[[:space:]]+([A-Za-z_][A-Za-z0-9_$]*).*/\1/p' "${sources[@]}" |
          sort -u | tr '\n' ' ')
  echo "TOP=$top: no module $top in the DUT's sources (${sources[*]##*/}); modules there: ${names:-none}"
  exit 1
fi
echo "DUT $top does not present $wanted; Verilator says:"
grep '%Error' <<<"$out" | head -20 | sed 's/^/  /'
exit 1
