#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Macro parameters given as NAME=VALUE (make sim/test/synth ROWS=48 ...), read once for every
# entry point: sourced by synth/synth.sh, run by the Makefile. Values are decimal whole numbers
# (no sign, no leading zero: "010" is refused rather than read as octal 8 or decimal 10); ranges
# come from rtl/cim_limits.svh. A bad one exits 2 with a message naming it, before any work.
#
#   tb/params.sh config-line WHO NAME=VALUE...   the tb/configs.txt line of that macro
#   tb/params.sh cimsim-args WHO NAME=VALUE...   the cimsim options that select it
#   tb/params.sh cmake-args WHO NAME=VALUE...    the CMake cache settings of the DUT, if one is given
# These three also take the device under test (make sim DUT=my.f TOP=my_macro; docs/your-macro.md):
# DUT its filelist, TOP its top module, CHECK the check it claims (cycle-exact or transaction,
# default transaction), STORAGE its bitcell array below the top ([INSTANCE.]VARIABLE) with
# STORAGE_MODULE the module declaring it.
#   source tb/params.sh; cim_params_parse WHO [EXTRA_NAMES] -- NAME=VALUE...
#       sets cim_param[NAME] for MACRO and every parameter (defaults filled in), cim_given[NAME]
# WHO names the entry point in messages ("make synth").

cim_params_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cim_param_names="MACRO ROWS COLS WBITS ABITS ABITS_PER_CYCLE CELL_BITS ADC_BITS ADC_SHARE"
cim_dut_names="DUT TOP CHECK STORAGE STORAGE_MODULE"
cim_analog_only="CELL_BITS ADC_BITS ADC_SHARE"

cim_limit() {  # NAME MIN|MAX
  sed -n "s/^\`define CIM_$1_$2 \([0-9]*\)$/\1/p" "$cim_params_dir/rtl/cim_limits.svh"
}

cim_params_die() { echo "$1: $2" >&2; exit 2; }

# cim_params_parse WHO EXTRA_NAMES NAME=VALUE...: EXTRA_NAMES (space-separated) are accepted and
# stored unchecked (make synth's CLOCK_NS).
cim_params_parse() {
  local who=$1 extra=$2 arg name value lo hi; shift 2
  local -; set -u
  declare -gA cim_param=([MACRO]=digital [ROWS]=64 [COLS]=16 [WBITS]=8 [ABITS]=8
                         [ABITS_PER_CYCLE]=1 [CELL_BITS]=2 [ADC_BITS]=8 [ADC_SHARE]=1)
  declare -gA cim_given=()
  for arg in "$@"; do
    [[ "$arg" == *=* ]] || cim_params_die "$who" "'$arg' is not NAME=VALUE (known: $cim_param_names $extra)"
    name=${arg%%=*} value=${arg#*=}
    [[ " $cim_param_names $extra " == *" $name "* ]] \
      || cim_params_die "$who" "unknown parameter '$name' (known: $cim_param_names $extra)"
    [ -z "${cim_given[$name]:-}" ] || cim_params_die "$who" "$name is given twice"
    cim_param[$name]=$value
    cim_given[$name]=1
  done
  [[ "${cim_param[MACRO]}" == digital || "${cim_param[MACRO]}" == analog ]] \
    || cim_params_die "$who" "MACRO=${cim_param[MACRO]} is not digital or analog"
  for name in ${cim_param_names#MACRO }; do
    value=${cim_param[$name]}
    [[ "$value" =~ ^(0|[1-9][0-9]{0,8})$ ]] \
      || cim_params_die "$who" "$name=$value is not a decimal whole number (no sign, no leading zero)"
    lo=$(cim_limit "$name" MIN) hi=$(cim_limit "$name" MAX)
    (( value >= lo && value <= hi )) || cim_params_die "$who" "$name=$value is out of range ($lo..$hi)"
  done
  local apc=${cim_param[ABITS_PER_CYCLE]} abits=${cim_param[ABITS]}
  if [ "${cim_param[MACRO]}" = analog ]; then
    (( apc == 1 )) || cim_params_die "$who" "ABITS_PER_CYCLE=$apc is out of range (the analog macro drives 1 bit per cycle)"
    local cell=${cim_param[CELL_BITS]}
    local pairs=$(( cim_param[COLS] * ((cim_param[WBITS] - 1 + cell - 1) / cell + 1) ))
    (( cim_param[ADC_SHARE] <= pairs )) \
      || cim_params_die "$who" "ADC_SHARE=${cim_param[ADC_SHARE]} is out of range (at most the $pairs column pairs)"
  else
    (( apc <= abits && (apc & (apc - 1)) == 0 )) \
      || cim_params_die "$who" "ABITS_PER_CYCLE=$apc is out of range (a power of two, 1..ABITS=$abits)"
    for name in $cim_analog_only; do
      [ -z "${cim_given[$name]:-}" ] || cim_params_die "$who" "$name applies to MACRO=analog only"
    done
  fi
}

# The configuration's name, like Params::name() / AnalogConfig::name().
cim_config_name() {
  local n="r${cim_param[ROWS]}_c${cim_param[COLS]}_w${cim_param[WBITS]}_a${cim_param[ABITS]}"
  (( cim_param[ABITS_PER_CYCLE] > 1 )) && n+="_p${cim_param[ABITS_PER_CYCLE]}"
  [ "${cim_param[MACRO]}" = analog ] \
    && n+="_cb${cim_param[CELL_BITS]}_adc${cim_param[ADC_BITS]}_s${cim_param[ADC_SHARE]}"
  echo "$n"
}

# The cimsim --macro value.
cim_shape() {
  local s="${cim_param[ROWS]}x${cim_param[COLS]}x${cim_param[WBITS]}x${cim_param[ABITS]}"
  (( cim_param[ABITS_PER_CYCLE] > 1 )) && s+="x${cim_param[ABITS_PER_CYCLE]}"
  echo "$s"
}

# The DUT options, checked (after cim_params_parse with $cim_dut_names as extra names); sets
# cim_dut_name, the backend's name: the kit's digital or analog, or TOP in lower case.
cim_dut_parse() {
  local who=$1 name
  cim_dut_name=${cim_param[MACRO]}
  if [ -z "${cim_given[DUT]:-}" ] && [ -z "${cim_given[TOP]:-}" ]; then
    for name in CHECK STORAGE STORAGE_MODULE; do
      [ -z "${cim_given[$name]:-}" ] || cim_params_die "$who" "$name describes a DUT: give DUT=FILELIST and TOP=MODULE too"
    done
    return
  fi
  [ -n "${cim_given[DUT]:-}" ] || cim_params_die "$who" "TOP=${cim_param[TOP]} needs DUT=FILELIST (the DUT's source list)"
  [ -n "${cim_given[TOP]:-}" ] || cim_params_die "$who" "DUT=${cim_param[DUT]} needs TOP=MODULE (the DUT's top module)"
  local f=${cim_param[DUT]} top=${cim_param[TOP]}
  [[ "$f" != *[[:space:]]* ]] || cim_params_die "$who" "DUT='$f': a path with blanks is not supported"
  [ -f "$f" ] || cim_params_die "$who" "DUT=$f is not a file (a filelist, relative to $PWD or absolute)"
  [[ "$top" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || cim_params_die "$who" "TOP=$top is not a module name"
  cim_dut_name=${top,,}
  case $cim_dut_name in
    golden|analog_golden|digital|analog) cim_params_die "$who" "TOP=$top names one of the kit's backends; rename the DUT" ;;
  esac
  case ${cim_param[CHECK]:-transaction} in
    cycle-exact|transaction) ;;
    *) cim_params_die "$who" "CHECK=${cim_param[CHECK]} is not cycle-exact or transaction" ;;
  esac
  if [ -n "${cim_given[STORAGE]:-}" ]; then
    [[ "${cim_param[STORAGE]}" =~ ^([A-Za-z_][A-Za-z0-9_.]*\.)?[A-Za-z_][A-Za-z0-9_]*$ ]] \
      || cim_params_die "$who" "STORAGE=${cim_param[STORAGE]} is not [INSTANCE.]VARIABLE (e.g. u_store.cells_q)"
    [[ "${cim_param[STORAGE_MODULE]:-}" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] \
      || cim_params_die "$who" "STORAGE=${cim_param[STORAGE]} needs STORAGE_MODULE=MODULE, the module declaring it"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  what=${1:-} who=${2:-}
  shift 2 || { echo "usage: tb/params.sh config-line|cimsim-args|cmake-args WHO NAME=VALUE..." >&2; exit 2; }
  cim_params_parse "$who" "$cim_dut_names" "$@"
  cim_dut_parse "$who"
  case $what in
    config-line)
      if [ "${cim_param[MACRO]}" = analog ]; then
        echo "$cim_dut_name ${cim_param[ROWS]} ${cim_param[COLS]} ${cim_param[WBITS]} ${cim_param[ABITS]} 1 ${cim_param[CELL_BITS]} ${cim_param[ADC_BITS]} ${cim_param[ADC_SHARE]}"
      else
        # A DUT naming its storage gets the model with the storage hook too (the fault tests).
        echo "$cim_dut_name ${cim_param[ROWS]} ${cim_param[COLS]} ${cim_param[WBITS]} ${cim_param[ABITS]} ${cim_param[ABITS_PER_CYCLE]} - - -${cim_given[STORAGE]:+ model storage}"
      fi ;;
    cimsim-args)
      if [ "${cim_param[MACRO]}" = analog ]; then
        echo "--backend $cim_dut_name --macro $(cim_shape) --cell-bits ${cim_param[CELL_BITS]} --adc-bits ${cim_param[ADC_BITS]} --adc-share ${cim_param[ADC_SHARE]}"
      else
        echo "--backend $cim_dut_name --macro $(cim_shape)"
      fi ;;
    cmake-args)
      if [ -n "${cim_given[DUT]:-}" ]; then
        echo "-DCIM_DUT_FILELIST=$(realpath "${cim_param[DUT]}") -DCIM_DUT_TOP=${cim_param[TOP]}" \
             "-DCIM_DUT_BASE=$PWD -DCIM_DUT_MACRO=${cim_param[MACRO]}" \
             "-DCIM_DUT_CHECK=${cim_param[CHECK]:-transaction} -DCIM_DUT_STORAGE=${cim_param[STORAGE]:-}" \
             "-DCIM_DUT_STORAGE_MODULE=${cim_param[STORAGE_MODULE]:-}"
      fi ;;
    *) echo "usage: tb/params.sh config-line|cimsim-args|cmake-args WHO NAME=VALUE..." >&2; exit 2 ;;
  esac
fi
