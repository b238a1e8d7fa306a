#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RTL lint in the three tools the RTL must satisfy, over every parameter set flow/configs.txt marks
# `lint`: verilator --lint-only -Wall --assert (no waivers but one reasoned BLKSEQ in the behavioral
# crossbar), iverilog -g2012 (no warning either), yosys read_verilog -sv + hierarchy -check + check
# -assert (the crossbar is empty under SYNTHESIS). Sets run two at a time (the tools are single-
# threaded). Run from the repository root (make lint does); exits non-zero if any tool complains.
#
#   tb/lint.sh [--deep]                                 the sets marked lint (make test), and with
#                                                       --deep those marked lint-deep (make lint)
#   tb/lint.sh [DUT=FILELIST TOP=MODULE ROWS=... ...]   a DUT instead (make lint DUT=...), at that
#                                                       size, and its ports (flow/dut_ports.sh)
set -uo pipefail
deep=0
if [ "${1:-}" = --deep ]; then deep=1; shift; fi
source "$(dirname "$0")/../flow/params.sh"
cim_params_parse "make lint" "$cim_dut_names" "$@"
cim_dut_parse "make lint"
dut_top="" dut_files=() dut_incs=()
if [ -n "${cim_given[DUT]:-}" ]; then
  dut_top=${cim_param[TOP]}
  listing=$("$cim_params_dir/flow/filelist.sh" "$(realpath "${cim_param[DUT]}")" "$PWD") || exit 2
  mapfile -t dut_files < <(sed -n 's/^source //p' <<<"$listing")
  while read -r dir; do dut_incs+=("-I$dir"); done < <(sed -n 's/^incdir //p' <<<"$listing")
elif (( $# > 0 )); then
  echo "make lint: macro parameters come with DUT= and TOP= (the kit's own sets are flow/configs.txt's)" >&2
  exit 2
fi
cd "$cim_params_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Icarus elaborates large generate hierarchies slowly (minutes above the default size), so it
# checks the digital sets up to the default's size.
icarus_max_bits=1024

# lint MACRO NAME=VALUE... (MACRO dut: the DUT; flow/params.sh gives every parameter)
lint() {
  local macro=$1 top=cim_macro filelist=rtl/cim_macro.f kv
  local g=() p=() y="" tag log incs=(-Irtl) files
  local -A v=()
  if [ "$macro" = analog ]; then top=cim_analog_macro; filelist=rtl/analog/cim_analog_macro.f; fi
  if [ "$macro" = dut ]; then  # the DUT's own include folders first
    top=$dut_top files=("${dut_files[@]}") incs=("${dut_incs[@]}" "${incs[@]}")
  else
    mapfile -t files <"$filelist"
  fi
  for kv in "${@:2}"; do
    v[${kv%%=*}]=${kv#*=}
    g+=("-G$kv"); p+=("-P$top.$kv"); y+=" -set ${kv%%=*} ${kv#*=}"
  done
  tag="$top ${g[*]//-G/}"
  log=$(mktemp -p "$work")
  if [ "$macro" = dut ]; then  # the ports the kit drives and reads, as the build checks them
    flow/kit_layer.sh "$work/kit" >/dev/null || return 1
    if ! flow/dut_ports.sh "$work/kit" "$top" "${cim_param[MACRO]}" "${cim_param[STORAGE]:-}" -- \
         "${incs[@]}" "${g[@]}" "${files[@]}" >"$log" 2>&1; then
      echo "make lint: $(cat "$log")"; return 1
    fi
  fi
  if ! verilator --lint-only -Wall --assert "${incs[@]}" --top-module "$top" "${g[@]}" "${files[@]}" >"$log" 2>&1; then
    echo "verilator -Wall failed for $tag:"; cat "$log"; return 1
  fi
  local tools="verilator -Wall, yosys -sv"
  [ "$macro" = dut ] && tools="the CIM ports, $tools"
  if [ "$macro" = analog ] || (( v[ROWS] * v[COLS] * v[WBITS] * v[ABITS_PER_CYCLE] <= icarus_max_bits )); then
    if ! iverilog -g2012 "${incs[@]}" -s "$top" "${p[@]}" -o "$log.vvp" "${files[@]}" >"$log" 2>&1 \
        || grep -q . "$log"; then
      echo "iverilog -g2012 failed or warned for $tag:"; cat "$log"; return 1
    fi
    tools+=", iverilog -g2012"
  fi
  if ! yosys -q -l "$log" -p "read_verilog -sv ${incs[*]/-I/-I } ${files[*]}; chparam$y $top; hierarchy -check -top $top; proc; check -assert" \
      >/dev/null 2>&1; then
    echo "yosys failed for $tag:"; cat "$log"; return 1
  fi
  echo "lint clean: $tag ($tools)"
}

if [ -n "$dut_top" ]; then
  sets=("dut $(cim_assignments dut)")
else
  mapfile -t sets < <(flow/params.sh sets lint) || exit 2
  if [ $deep -eq 1 ]; then
    mapfile -t -O "${#sets[@]}" sets < <(flow/params.sh sets lint-deep) || exit 2
  fi
fi
source flow/parallel.sh
fail=0
cim_parallel lint "${sets[@]}" || fail=1
echo "${#sets[@]} parameter sets: $([ $fail -eq 0 ] && echo 'lint clean in every tool' || echo FAILED)"
exit $fail
