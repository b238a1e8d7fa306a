#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Out-of-range parameters must stop elaboration in every tool, with a message naming the parameter:
# each bound of rtl/cim_records.jsonc one step outside, and the rules between parameters.
# Run from the repository root. Cases run two at a time (the tools are single-threaded).
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source flow/params.sh  # the record: cim_names, cim_lo, cim_hi, cim_macros

# Each case starts from a small macro, so that the tools elaborate little besides the check.
base="ROWS=4 COLS=2 WBITS=4 ABITS=4"

# expect_rejected TOP NAME PARAM=VALUE...: Verilator and Yosys must stop with "parameter NAME ",
# Icarus (no elaboration-time $error) on the missing module cim_parameter_NAME_out_of_range.
expect_rejected() {
  local top=$1 name=$2; shift 2
  local filelist=rtl/cim_macro.f log g=() p=() y="" tag="$top $*" kv bad=0
  [ "$top" = cim_analog_macro ] && filelist=rtl/analog/cim_analog_macro.f
  log=$(mktemp -p "$work")
  mapfile -t files <"$filelist"
  local -A set=()
  for kv in $base "$@"; do set[${kv%%=*}]=${kv#*=}; done
  for kv in "${!set[@]}"; do
    g+=("-G$kv=${set[$kv]}"); p+=("-P$top.$kv=${set[$kv]}"); y+=" -set $kv ${set[$kv]}"
  done
  if verilator --lint-only -Irtl --top-module "$top" "${g[@]}" "${files[@]}" >"$log" 2>&1; then
    echo "FAIL verilator accepted $tag"; bad=1
  elif ! grep -q "parameter $name " "$log"; then
    echo "FAIL verilator rejected $tag without naming $name:"; cat "$log"; bad=1
  fi
  if iverilog -g2012 -Irtl -s "$top" "${p[@]}" -o "$log.vvp" "${files[@]}" >"$log" 2>&1; then
    echo "FAIL iverilog accepted $tag"; bad=1
  elif ! grep -q "cim_parameter_${name}_out_of_range" "$log"; then
    echo "FAIL iverilog rejected $tag without naming $name:"; cat "$log"; bad=1
  fi
  if yosys -q -p "read_verilog -sv -I rtl ${files[*]}; chparam$y $top; hierarchy -check -top $top" \
      >"$log" 2>&1; then
    echo "FAIL yosys accepted $tag"; bad=1
  elif ! grep -q "parameter $name " "$log"; then
    echo "FAIL yosys rejected $tag without naming $name:"; cat "$log"; bad=1
  fi
  [ $bad -eq 0 ] && echo "rejected in verilator, iverilog and yosys: $tag ($name named)"
  return $bad
}

# "TOP NAME PARAM=VALUE...": every bound of every parameter, one step outside.
cases=()
for name in $cim_names; do
  top=cim_macro
  [[ "${cim_macros[$name]}" == *" digital "* ]] || top=cim_analog_macro
  # (A range from 0 has no lower case: Yosys' chparam takes no negative number, make's
  # parameters none either.)
  (( cim_lo[$name] > 0 )) && cases+=("$top $name $name=$(( cim_lo[$name] - 1 ))")
  cases+=("$top $name $name=$(( cim_hi[$name] + 1 ))")
done
# The rules between parameters: ABITS_PER_CYCLE a power of two up to ABITS (1 for the analog
# macro), ADC_SHARE no more than the column pairs (2 columns x 3 slices of 2-bit cells here).
cases+=("cim_macro ABITS_PER_CYCLE ABITS_PER_CYCLE=0" "cim_macro ABITS_PER_CYCLE ABITS_PER_CYCLE=3"
        "cim_macro ABITS_PER_CYCLE ABITS=2 ABITS_PER_CYCLE=4"
        "cim_analog_macro ABITS_PER_CYCLE ABITS_PER_CYCLE=2" "cim_analog_macro ADC_SHARE ADC_SHARE=7"
        "cim_analog_macro ROWS ROWS=1")

source flow/parallel.sh
fail=0
cim_parallel expect_rejected "${cases[@]}" || fail=1
echo "${#cases[@]} cases: $([ $fail -eq 0 ] && echo 'every one rejected by all three tools' || echo FAILED)"
exit $fail
