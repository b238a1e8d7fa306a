#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make synth: a CIM macro on the OSU 0.18 um standard cells. Yosys maps (area, by function),
# OpenSTA times (critical path, Fmax) and estimates power from the switching activity of a
# simulated MVM workload. Results land in build/synth/<config>/ with report.json and summary.txt.
#
# MACRO=digital synthesizes cim_macro. MACRO=analog synthesizes the digital periphery of
# cim_analog_macro with the behavioral crossbar (cim_analog_crossbar) as a blackbox: its area is
# not counted, and for timing and power its pins become ports of the periphery (docs/synthesis.md).
#
# DUT=FILELIST TOP=MODULE (make synth DUT=...; docs/your-macro.md) synthesizes a device under test
# instead, with the same flow and report; its area splits by its own modules, and its cycles per
# MVM are measured (the activity run's back-to-back throughput) rather than the reference's.
#
# Usage: synth/synth.sh [--check] BUILD_DIR [NAME=VALUE ...]
#   NAME: MACRO, the macro parameters (rtl/cim_records.jsonc), CLOCK_NS, DUT TOP CHECK
#   --check: validate the parameters and stop (make synth does this before building anything).
set -euo pipefail
here=$PWD  # a DUT's paths are from where make runs
cd "$(dirname "$0")/.."

die() { echo "make synth: $*" >&2; exit 2; }

check_only=false
if [ "${1:-}" = --check ]; then check_only=true; shift; fi
[ $# -ge 1 ] || die "usage: synth/synth.sh [--check] BUILD_DIR [NAME=VALUE ...]"
build=$1; shift

# The macro parameters are read and checked by flow/params.sh (from rtl/cim_records.jsonc);
# CLOCK_NS is make synth's own.
source flow/params.sh
cim_params_parse "make synth" "CLOCK_NS $cim_dut_names" "$@"
(cd "$here" && cim_dut_parse "make synth")
[ -z "${cim_given[STORAGE]:-}" ] || die "STORAGE is for fault injection, not synthesis"
dut_list=""
if [ -n "${cim_given[DUT]:-}" ]; then
  [ "${cim_param[MACRO]}" = digital ] || die "a DUT with MACRO=analog is not supported yet"
  dut_list=$(cd "$here" && flow/filelist.sh "$(realpath "${cim_param[DUT]}")" "$here" 2>&1) \
    || die "${dut_list}"
fi
macro=${cim_param[MACRO]}
clock_ns=${cim_param[CLOCK_NS]:-10}
[[ "$clock_ns" =~ ^[0-9]{1,4}(\.[0-9]{1,4})?$ ]] && awk -v c="$clock_ns" 'BEGIN{exit !(c > 0)}' \
  || die "CLOCK_NS=$clock_ns is not a positive number of nanoseconds (up to 9999)"
$check_only && exit 0

source synth/cells.sh
lib=$cim_liberty
[ -r "$lib" ] || die "the OSU 0.18 um liberty $lib is missing (run make deps)"
cimsim=$build/cimsim
[ -x "$cimsim" ] || die "$cimsim is missing (make synth builds it first)"

config=$(cim_config_name)
shape=$(cim_shape)
# The parameters the top takes: cimsim's options for those beyond the shape, chparam pairs for
# synth/synth.tcl, and report.py's record.
taker=""
[ -n "$dut_list" ] && taker=dut
read -r -a sim_args <<<"$(cim_options $taker)"
read -r -a assignments <<<"$(cim_assignments $taker)"
chparams=""
report_params=()
for kv in "${assignments[@]}"; do
  chparams+="${kv%%=*} ${kv#*=} "
  report_params+=(--param "$kv")
done
incdirs=""
if [ -n "$dut_list" ]; then
  top=${cim_param[TOP]}
  config=${top,,}_$config
  backends=("${top,,}" golden)
else
  top=""
fi
if [ -n "$top" ]; then
  :  # the DUT's filelist is written below, once its folder exists
elif [ "$macro" = analog ]; then
  top=cim_analog_macro
  filelist=rtl/analog/cim_analog_macro.f
  backends=(analog analog-golden)
else
  top=cim_macro
  filelist=rtl/cim_macro.f
  backends=(digital golden)
fi
out=$build/synth/$config
# Nothing from an earlier run may look current if this one fails.
rm -rf "$out"
mkdir -p "$out"
if [ -n "$dut_list" ]; then  # synth.tcl reads a list of sources; the include folders apart
  sed -n 's/^source //p' <<<"$dut_list" >"$out/dut.f"
  filelist=$out/dut.f
  incdirs=$(sed -n 's/^incdir //p' <<<"$dut_list" | tr '\n' ' ')
fi
# Latches are meant by the standard-cell memory (SCM=1) and may be a DUT's own design.
latches=none
[ -n "$dut_list" ] || [ "${cim_param[SCM]}" != 0 ] && latches=allowed
delay_ps=$(awk "BEGIN{printf \"%d\", $clock_ns * 1000}")

run_yosys() {  # log-name flatten-first(0|1): synth/synth.tcl, fed by the environment
  if ! CIM_LIB=$lib CIM_TOP=$top CIM_FILELIST=$filelist CIM_OUT=$out CIM_DELAY_PS=$delay_ps \
       CIM_PARAMS=$chparams CIM_INCDIRS=$incdirs CIM_LATCHES=$latches \
       CIM_FLATTEN_FIRST=$2 yosys -q -l "$out/$1.log" -c synth/synth.tcl >/dev/null 2>&1; then
    echo "make synth: Yosys failed; log: $out/$1.log" >&2
    tail -5 "$out/$1.log" >&2
    exit 1
  fi
}

echo "make synth: $config, clock target ${clock_ns} ns -> $out"
start=$(date +%s)
run_yosys yosys 0
# A constant that crosses a module boundary reaches a mapped cell's input pin after flattening
# (the hierarchy was mapped module by module, so nothing folded it). OpenSTA 2.0.17's
# report_power crashes on a constant input of a combinational cell (found by reducing a 23-row
# netlist to one NAND3X1 with an input tied to 0), so such a netlist is mapped again, flat, where
# the constants fold; the area by function still comes from the hierarchical mapping.
constant_pins=$(awk '/^  [A-Z]/ { cell = $1 } /\(1.b[01]\)/ && cell !~ /^DFF/ { n++ } END { print n + 0 }' "$out/netlist.v")
netlist_mapping=hierarchical
if (( constant_pins > 0 )); then
  run_yosys yosys_flat 1
  netlist_mapping="flat: $constant_pins constant inputs of combinational cells when hierarchical"
fi
echo "  yosys: mapped in $(( $(date +%s) - start )) s; netlist mapped $netlist_mapping"

# Switching activity of a representative workload: back-to-back full-precision MVMs on loaded
# weights, from the Verilated macro when this build has the parameter set, otherwise from the
# golden cycle model (the lockstep tests hold the two equal on every port and cycle).
backend=${backends[1]}
if "$cimsim" --backend "${backends[0]}" --macro "$shape" "${sim_args[@]}" --count 1 \
    --no-progress >/dev/null 2>&1; then
  backend=${backends[0]}
elif [ -n "$dut_list" ]; then  # its own throughput needs its own model
  die "the build has no Verilated ${backends[0]} at $config (make synth DUT=... builds it)"
fi
if ! "$cimsim" --backend "$backend" --macro "$shape" "${sim_args[@]}" --traffic quiet --count 2000 \
    --no-progress --activity "$out/activity.tcl" --json "$out/activity.json" >"$out/cimsim.log" 2>&1; then
  echo "make synth: the activity simulation failed; log: $out/cimsim.log" >&2
  exit 1
fi

sta_run() {  # name period_ns activity-file-or-empty: synth/sta.tcl, fed by the environment;
             # the log is OpenSTA's reports, name.json the figures report.py reads
  if ! CIM_LIB=$lib CIM_NETLIST=$out/netlist.v CIM_TOP=$top CIM_PERIOD_NS=$2 CIM_ROW_CLOCKS=$row_clocks \
       CIM_ANALOG=$([ "$macro" = analog ] && echo 1 || echo 0) CIM_ACTIVITY=$3 \
       CIM_RESULT=$out/$1.json sta -no_splash -exit synth/sta.tcl >"$out/$1.log" 2>&1 \
       || grep -q "^Error" "$out/$1.log" || [ ! -s "$out/$1.json" ]; then
    echo "make synth: OpenSTA failed; log: $out/$1.log" >&2
    exit 1
  fi
}

# The kit's standard-cell memory: a row's gated clock pulses only for a write to it, and the
# workload writes nothing during its MVMs (sta.tcl holds the row clocks at 0; it refuses more).
row_clocks=""
if [ -z "$dut_list" ] && [ "${cim_param[SCM]}" != 0 ]; then
  grep -q 'get_ports {wr_valid_i}\] -activity 0 -duty 0$' "$out/activity.tcl" \
    || die "the activity workload writes weights: the row clocks' activity cannot be given to OpenSTA 2.0.17"
  row_clocks=1
fi
sta_run timing "$clock_ns" ""
# Worst setup slack over the path groups (positive when the target is met).
slack=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["worst"]["slack_ns"])' \
  "$out/timing.json")
# Power is reported at the clock the macro actually reaches.
period=$(awk "BEGIN{printf \"%.3f\", $clock_ns - ($slack)}")
sta_run power "$period" "$out/activity.tcl"

dut_args=()
if [ -n "$dut_list" ]; then
  # The DUT's own throughput, back to back at full precision (the activity run).
  dut_args=(--dut-top "$top" --cycles-per-mvm "$(python3 -c 'import json, sys
print(1 / json.load(open(sys.argv[1]))["mvms_per_cycle"])' "$out/activity.json")")
fi
python3 synth/report.py "${dut_args[@]}" --dir "$out" --lef "$cim_lef" --macro "$macro" "${report_params[@]}" \
  --clock-target-ns "$clock_ns" \
  --period-ns "$period" --activity-backend "$backend" --netlist-mapping "$netlist_mapping"
echo "  total $(( $(date +%s) - start )) s"
