#!/usr/bin/env bash
# make synth: cim_macro on the OSU 0.18 um standard cells. Yosys maps (area, by function),
# OpenSTA times (critical path, Fmax) and estimates power from the switching activity of a
# simulated MVM workload. Results land in build/synth/<config>/ with report.json and summary.txt.
#
# Usage: synth/synth.sh [--check] ROWS COLS WBITS ABITS ABITS_PER_CYCLE CLOCK_NS BUILD_DIR
#   --check: validate the parameters and stop (make synth does this before building anything).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "make synth: $*" >&2; exit 2; }
whole() { [[ "$2" =~ ^[0-9]{1,7}$ ]] || die "$1=$2 is not a whole number"; }

check_only=false
if [ "${1:-}" = --check ]; then check_only=true; shift; fi
[ $# -eq 7 ] || die "usage: synth/synth.sh [--check] ROWS COLS WBITS ABITS ABITS_PER_CYCLE CLOCK_NS BUILD_DIR"
rows=$1 cols=$2 wbits=$3 abits=$4 apc=$5 clock_ns=$6 build=$7
whole ROWS "$rows"; whole COLS "$cols"; whole WBITS "$wbits"; whole ABITS "$abits"
whole ABITS_PER_CYCLE "$apc"
(( rows >= 2 )) || die "ROWS=$rows is out of range (must be >= 2)"
(( cols >= 1 )) || die "COLS=$cols is out of range (must be >= 1)"
(( wbits >= 1 && wbits <= 16 )) || die "WBITS=$wbits is out of range (1..16)"
(( abits >= 1 && abits <= 16 )) || die "ABITS=$abits is out of range (1..16)"
(( apc >= 1 && apc <= abits && (apc & (apc - 1)) == 0 )) \
  || die "ABITS_PER_CYCLE=$apc is out of range (a power of two, 1..ABITS=$abits)"
[[ "$clock_ns" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk "BEGIN{exit !($clock_ns > 0)}" \
  || die "CLOCK_NS=$clock_ns is not a positive number of nanoseconds"
$check_only && exit 0

lib=/usr/share/qflow/tech/osu018/osu018_stdcells.lib
[ -r "$lib" ] || die "the OSU 0.18 um liberty $lib is missing (run make deps)"
cimsim=$build/cimsim
[ -x "$cimsim" ] || die "$cimsim is missing (make synth builds it first)"

# Named like the C++ Params::name() and cimsim --macro.
config=r${rows}_c${cols}_w${wbits}_a${abits}
shape=${rows}x${cols}x${wbits}x${abits}
if (( apc > 1 )); then config+=_p$apc; shape+=x$apc; fi
out=$build/synth/$config
# Nothing from an earlier run may look current if this one fails.
rm -rf "$out"
mkdir -p "$out"
srcs=$(sed "s|^|$PWD/|" rtl/cim_macro.f | tr '\n' ' ')
delay_ps=$(awk "BEGIN{printf \"%d\", $clock_ns * 1000}")

# ABC sizes and buffers against a driver and a load instead of leaving high-fanout nets bare.
cat >"$out/abc.constr" <<CONSTR
set_driving_cell INVX1
set_load 0.01
CONSTR

# Hierarchy is kept through mapping so the area splits by function; the netlist for timing and
# power is flattened afterwards. The OSU library has no tie cells, so the few constants that
# survive stay as constant pin connections.
cat >"$out/synth.ys" <<YS
read_liberty -lib $lib
read_verilog -sv $srcs
chparam -set ROWS $rows -set COLS $cols -set WBITS $wbits -set ABITS $abits -set ABITS_PER_CYCLE $apc cim_macro
hierarchy -check -top cim_macro
synth -top cim_macro
select -assert-none t:\$dlatch t:\$_DLATCH_*
dfflibmap -liberty $lib
abc -liberty $lib -D $delay_ps -constr $out/abc.constr
opt_clean -purge
select -assert-none t:LATCH
check -assert
tee -q -o $out/area_hier.txt stat -liberty $lib
flatten
opt_clean -purge
splitnets
opt_clean -purge
check -assert
tee -q -o $out/area_flat.txt stat -liberty $lib
write_verilog -noattr -noexpr -nohex -nodec $out/netlist.v
YS

echo "make synth: $config, clock target ${clock_ns} ns -> $out"
start=$(date +%s)
if ! yosys -q -l "$out/yosys.log" "$out/synth.ys" >/dev/null 2>&1; then
  echo "make synth: Yosys failed; log: $out/yosys.log" >&2
  tail -5 "$out/yosys.log" >&2
  exit 1
fi
echo "  yosys: mapped in $(( $(date +%s) - start )) s"

# Switching activity of a representative workload: back-to-back full-precision MVMs on loaded
# weights, from the Verilated macro when this build has the parameter set, otherwise from the
# golden cycle model (the lockstep tests hold the two equal on every port and cycle).
backend=golden
if "$cimsim" --macro "$shape" --count 1 --no-progress >/dev/null 2>&1; then
  backend=digital
fi
if ! "$cimsim" --backend "$backend" --macro "$shape" --count 2000 \
    --no-progress --activity "$out/activity.tcl" >"$out/cimsim.log" 2>&1; then
  echo "make synth: the activity simulation failed; log: $out/cimsim.log" >&2
  exit 1
fi
echo "$backend" >"$out/activity_backend.txt"

sta_run() {  # name period_ns power?
  local name=$1 period=$2 power=$3
  cat >"$out/$name.tcl" <<TCL
read_liberty $lib
read_verilog $out/netlist.v
link_design cim_macro
create_clock -name clk -period $period [get_ports clk_i]
set data_inputs [delete_from_list [all_inputs] [get_ports clk_i]]
set_input_delay 0 -clock clk \$data_inputs
set_output_delay 0 -clock clk [all_outputs]
set_driving_cell -lib_cell INVX1 \$data_inputs
set_load 0.01 [all_outputs]
# The asynchronous reset is distributed by its own buffer tree, like the clock; its recovery
# check is not the macro's critical path.
set_false_path -from [get_ports rst_ni]
report_checks -path_delay max -digits 3
TCL
  if [ "$power" = power ]; then
    echo "source $out/activity.tcl" >>"$out/$name.tcl"
    echo "report_power -digits 6" >>"$out/$name.tcl"
  fi
  if ! sta -no_splash -exit "$out/$name.tcl" >"$out/$name.log" 2>&1 || grep -q "^Error" "$out/$name.log"; then
    echo "make synth: OpenSTA failed; log: $out/$name.log" >&2
    exit 1
  fi
}

sta_run timing "$clock_ns" nopower
# Worst setup slack over the reported path groups (positive when the target is met).
slack=$(awk '/slack \((MET|VIOLATED)\)/ { if (min == "" || $1 < min) min = $1 } END { print min }' \
  "$out/timing.log")
[ -n "$slack" ] || { echo "make synth: no setup slack in $out/timing.log" >&2; exit 1; }
# Power is reported at the clock the macro actually reaches.
period=$(awk "BEGIN{printf \"%.3f\", $clock_ns - ($slack)}")
sta_run power "$period" power
grep -q "^Total" "$out/power.log" || { echo "make synth: no power report in $out/power.log" >&2; exit 1; }

python3 synth/report.py --dir "$out" --rows "$rows" --cols "$cols" --wbits "$wbits" \
  --abits "$abits" --abits-per-cycle "$apc" --clock-target-ns "$clock_ns" --period-ns "$period" --activity-backend "$backend"
echo "  total $(( $(date +%s) - start )) s"
