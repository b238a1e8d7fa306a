#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Macro parameters given as NAME=VALUE (make sim/test/synth ROWS=48 ...), read once for every
# entry point: sourced by synth/synth.sh, run by the Makefile. Values are decimal whole numbers
# (no sign, no leading zero: "010" is refused rather than read as octal 8 or decimal 10); names,
# ranges, defaults and rules come from the record (rtl/cim_records.jsonc). A bad one exits 2 with a message naming it,
# before any work.
#
#   flow/params.sh config-line WHO NAME=VALUE...   the flow/configs.txt line of that macro
#   flow/params.sh cimsim-args WHO NAME=VALUE...   the cimsim options that select it
#   flow/params.sh cmake-args WHO NAME=VALUE...    the CMake cache settings of the DUT, if one is given
#   flow/params.sh sets USE                        the flow/configs.txt lines marked USE, each as
#                                                MACRO NAME=VALUE... with every parameter
# These three also take the device under test (make sim DUT=my.f TOP=my_macro; docs/your-macro.md):
# DUT its filelist, TOP its top module, CHECK the check it claims (cycle-exact or transaction,
# default transaction), STORAGE its bitcell array below the top ([INSTANCE.]VARIABLE) with
# STORAGE_MODULE the module declaring it.
#   source flow/params.sh; cim_params_parse WHO [EXTRA_NAMES] -- NAME=VALUE...
#       sets cim_param[NAME] for MACRO and every parameter (defaults filled in), cim_given[NAME]
# WHO names the entry point in messages ("make synth").

cim_params_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cim_dut_names="DUT TOP CHECK STORAGE STORAGE_MODULE"

cim_params_die() { echo "$1: $2" >&2; exit 2; }

# The record's tables and rules (cim_names, cim_lo, cim_hi, cim_default, cim_macros, cim_tag,
# cim_option, cim_check_rules), generated from rtl/cim_records.jsonc.
# shellcheck source=flow/params_table.sh
source "$cim_params_dir/flow/params_table.sh"
cim_param_names="MACRO $cim_names"

# cim_takes NAME [dut]: whether the macro cim_param[MACRO] names (a DUT of it with dut) takes NAME.
cim_takes() {
  [[ "${cim_macros[$1]}" == *" ${cim_param[MACRO]} "* ]] && { [ -z "${2:-}" ] || [[ "${cim_macros[$1]}" == *" dut "* ]]; }
}

# cim_params_parse WHO EXTRA_NAMES NAME=VALUE...: EXTRA_NAMES (space-separated) are accepted and
# stored unchecked (make synth's CLOCK_NS).
cim_params_parse() {
  local who=$1 extra=$2 arg name value lo hi; shift 2
  local -; set -u
  declare -gA cim_param=([MACRO]=digital)
  for name in $cim_names; do cim_param[$name]=${cim_default[$name]}; done
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
  for name in $cim_names; do
    value=${cim_param[$name]}
    [[ "$value" =~ ^(0|[1-9][0-9]{0,8})$ ]] \
      || cim_params_die "$who" "$name=$value is not a decimal whole number (no sign, no leading zero)"
    lo=${cim_lo[$name]} hi=${cim_hi[$name]}
    (( value >= lo && value <= hi )) || cim_params_die "$who" "$name=$value is out of range ($lo..$hi)"
    if [ -n "${cim_given[$name]:-}" ] && ! cim_takes "$name"; then
      read -r takers _ <<<"${cim_macros[$name]}"
      cim_params_die "$who" "$name applies to MACRO=$takers only"
    fi
  done
  cim_check_rules "$who"
}

# cim_assignments [dut]: "ROWS=64 COLS=16 ...", every parameter the macro (a DUT of it) takes.
cim_assignments() {
  local name out=""
  for name in $cim_names; do
    cim_takes "$name" ${1:-} && out+="${out:+ }$name=${cim_param[$name]}"
  done
  echo "$out"
}

# The configuration's name, like Params::name() / AnalogConfig::name(): each parameter's tag and
# value, a tag ending in ? only away from its default.
cim_config_name() {
  local name tag n=""
  for name in $cim_names; do
    cim_takes "$name" || continue
    tag=${cim_tag[$name]}
    [[ "$tag" == *'?' && ${cim_param[$name]} == "${cim_default[$name]}" ]] && continue
    n+="${n:+_}${tag%'?'}${cim_param[$name]}"
  done
  echo "$n"
}

# The cimsim --macro value (ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE]) and the options after it.
cim_shape() {
  local name tag s=""
  for name in $cim_names; do
    [ "${cim_option[$name]}" = --macro ] || continue
    tag=${cim_tag[$name]}
    [[ "$tag" == *'?' && ${cim_param[$name]} == "${cim_default[$name]}" ]] && continue
    s+="${s:+x}${cim_param[$name]}"
  done
  echo "$s"
}
cim_options() {  # [dut]: the options of what a DUT of the macro takes
  local name out=""
  for name in $cim_names; do
    [ "${cim_option[$name]}" != --macro ] && cim_takes "$name" ${1:-} && out+=" ${cim_option[$name]} ${cim_param[$name]}"
  done
  echo "$out"
}

# cim_config_sets USE: each flow/configs.txt line marked USE as "MACRO NAME=VALUE..." (every
# parameter its macro takes); a bad line stops naming it.
cim_config_sets() {
  local use=$1 line n=0 word fields uses
  while IFS= read -r line; do
    n=$((n + 1))
    [[ "$line" =~ ^(digital|analog)[[:space:]] ]] || continue
    fields=() uses=" "
    for word in ${line#* }; do
      if [[ "$word" == *=* ]]; then fields+=("$word"); else uses+="$word "; fi
    done
    [[ "$uses" == *" $use "* ]] || continue
    ( cim_params_parse "flow/configs.txt:$n" "" "MACRO=${line%% *}" "${fields[@]}"
      echo "${line%% *} $(cim_assignments)" ) || exit 2
  done <"$cim_params_dir/flow/configs.txt"
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
  for name in $cim_names; do
    [ -z "${cim_given[$name]:-}" ] || cim_takes "$name" dut \
      || cim_params_die "$who" "$name is a parameter of the kit's macro; a DUT does not take it"
  done
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
  if [ "$what" = sets ]; then cim_config_sets "$who"; exit 0; fi
  shift 2 || { echo "usage: flow/params.sh config-line|cimsim-args|cmake-args WHO NAME=VALUE..." >&2; exit 2; }
  cim_params_parse "$who" "$cim_dut_names" "$@"
  cim_dut_parse "$who"
  case $what in
    config-line)
      # A DUT naming its storage gets the model with the storage hook too (the fault tests).
      echo "$cim_dut_name $(cim_assignments ${cim_given[DUT]:+dut})${cim_given[STORAGE]:+ model storage}" ;;
    cimsim-args)
      echo "--backend $cim_dut_name --macro $(cim_shape)$(cim_options ${cim_given[DUT]:+dut})" ;;
    cmake-args)
      if [ -n "${cim_given[DUT]:-}" ]; then
        echo "-DCIM_DUT_FILELIST=$(realpath "${cim_param[DUT]}") -DCIM_DUT_TOP=${cim_param[TOP]}" \
             "-DCIM_DUT_BASE=$PWD -DCIM_DUT_MACRO=${cim_param[MACRO]}" \
             "-DCIM_DUT_CHECK=${cim_param[CHECK]:-transaction} -DCIM_DUT_STORAGE=${cim_param[STORAGE]:-}" \
             "-DCIM_DUT_STORAGE_MODULE=${cim_param[STORAGE_MODULE]:-}"
      fi ;;
    *) echo "usage: flow/params.sh config-line|cimsim-args|cmake-args WHO NAME=VALUE..." >&2; exit 2 ;;
  esac
fi
