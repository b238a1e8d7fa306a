#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make formal: the proofs of formal/proofs.txt, with Yosys 0.23 and yosys-smtbmc (solver z3).
#
#   formal/formal.sh OUT                    every proof; logs and models in OUT/<name>/
#   formal/formal.sh --bugs OUT             every seeded bug of formal/seeded_bugs.txt: its proof
#                                           must fail, on the assertion the table names
#   formal/formal.sh --only a,b [--bugs] OUT   only these proofs (and their bugs)
#   formal/formal.sh --quick [--bugs] OUT   all but the netlist equivalence (about a minute of
#                                           synthesis and SAT): what make test runs
#
# The recipe: read_verilog -sv -formal; hierarchy -check; prep; techmap of $shiftx; setundef
# -undriven -anyseq; async2sync; dffunmap; write_smt2 -wires; then yosys-smtbmc --unroll (z3 4.8.12 hangs on the transition function
# cim_ctrl's model defines unless smtbmc unrolls it: seen here, even with no assertion at all).
# The techmap turns a part select past a vector's end (Yosys's $shiftx, which the SMT-LIB writer
# reads as zero, as Verilator does) into explicit x bits, and setundef makes them free: the proof
# then sees what a 4-state simulator sees (a read one row past the array, formal/seeded_bugs.txt).
# The analog crossbar is behavioral: read as a blackbox (as synth/synth.tcl does) and removed, its
# ADC codes and read data become free inputs, so the periphery is proved for any the array gives.
# Netlist equivalence maps the RTL with synth/synth.tcl and proves the miter with Yosys's own SAT
# solver. Proofs run two at a time; exits non-zero if any proof (or, with --bugs, any bug's
# detection) fails.
#
#   formal/formal.sh --dut OUT DUT=FILELIST TOP=MODULE [ROWS=...]   a DUT's ports (make formal DUT=...):
#       the kit's port checks (rtl/cim_port_checks.sv) beside it (flow/dut/cim_dut_formal.sv), from
#       reset for 16 cycles and by 4-step induction, at the size given (default 3x1, 2-bit weights,
#       3-bit activations: a missing row on the port, small enough to prove)
set -uo pipefail
here=$PWD  # a DUT's paths are from where make runs
cd "$(dirname "$0")/.."
root=$PWD
source synth/cells.sh
lib=$cim_liberty

usage() { echo "usage: formal/formal.sh [--only NAME[,NAME...] | --quick] [--bugs] OUT | --dut OUT DUT=... TOP=... [ROWS=...]" >&2; exit 2; }
only="" quick=0 bugs=0 outdir="" dut=0 dut_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --only) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
    --bugs) bugs=1; shift ;;
    --quick) quick=1; shift ;;
    --dut) dut=1; shift ;;
    -*) echo "formal.sh: unknown option '$1'" >&2; usage ;;
    *=*) [ $dut -eq 1 ] || usage; dut_args+=("$1"); shift ;;
    *) [ -z "$outdir" ] || usage; outdir=$1; shift ;;
  esac
done
[ -n "$outdir" ] || usage
for tool in yosys yosys-smtbmc z3; do
  command -v $tool >/dev/null || { echo "formal.sh: $tool not found (run make deps)" >&2; exit 2; }
done

# The proof table, as "name|kind|top|sources|params" lines without padding.
table() { sed -e 's/#.*//' -e 's/ *| */|/g' -e 's/^ *//' -e 's/ *$//' "$1" | grep -v '^$'; }
extra_read=""  # a DUT's defines and include folders
if [ $dut -eq 1 ]; then  # one proof: the DUT's ports
  source flow/params.sh
  defaults=(ROWS=3 COLS=1 WBITS=2 ABITS=3)
  for a in "${dut_args[@]}"; do  # what is given replaces the small default
    defaults=("${defaults[@]/#${a%%=*}=*/}")
  done
  mapfile -t given < <(printf '%s\n' "${defaults[@]}" "${dut_args[@]}" | grep .)
  (cd "$here" && cim_params_parse "make formal" "$cim_dut_names" "${given[@]}" && cim_dut_parse "make formal") || exit 2
  cim_params_parse "make formal" "$cim_dut_names" "${given[@]}"
  [ -n "${cim_given[DUT]:-}" ] || { echo "make formal: --dut needs DUT=FILELIST and TOP=MODULE" >&2; exit 2; }
  [ "${cim_param[MACRO]}" = digital ] || { echo "make formal: a DUT with MACRO=analog is not supported yet" >&2; exit 2; }
  listing=$(cd "$here" && "$root/flow/filelist.sh" "$(realpath "${cim_param[DUT]}")" "$here") || exit 2
  # The kit's package, port checks and wrapper are the kit layer's (flow/kit_layer.sh), so nothing
  # the DUT defines hides them; the DUT's include folders are searched first.
  kit=$(realpath -m "$outdir/kit")
  "$root/flow/kit_layer.sh" "$kit" >/dev/null || exit 1
  extra_read="-D SYNTHESIS -D OPENCIM_DUT_TOP=${cim_param[TOP]}"
  while read -r d; do extra_read+=" -I $d"; done < <(sed -n 's/^incdir //p' <<<"$listing")
  extra_read+=" -I $kit"
  srcs="$kit/opencim_pkg.sv $(sed -n 's/^source //p' <<<"$listing" | tr '\n' ' ')$kit/opencim_port_checks.sv $kit/opencim_dut_formal.sv"
  params=""
  for kv in $(cim_assignments dut); do params+="${kv%%=*} ${kv#*=} "; done
  proofs=("${cim_param[TOP],,}_ports|prove 16 4|opencim_dut_formal|$srcs|$params")
else
  mapfile -t proofs < <(table formal/proofs.txt)
fi
declare -A proof_line
for line in "${proofs[@]}"; do proof_line[${line%%|*}]=$line; done
if [ -n "$only" ]; then
  for name in ${only//,/ }; do
    [ -n "${proof_line[$name]:-}" ] || { echo "formal.sh: no proof named '$name' in formal/proofs.txt" >&2; exit 2; }
  done
fi
selected() {
  if [ $quick -eq 1 ]; then
    local kind
    IFS='|' read -r _ kind _ <<<"${proof_line[$1]}"
    [ "${kind%% *}" != equiv ] || return 1
  fi
  [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]
}
mkdir -p "$outdir"

# The names of the assertions a failed smtbmc run reports ("Assert failed in top: FILE:LINE.COL-"),
# read from the source line (`CIM_ASSERT(Name, ...)); the harnesses' plain asserts by file name.
failed_assertions() {
  grep -o 'Assert failed in [^:]*: [^ ]*' "$1" | sed -E 's/.*: ([^:]+):([0-9]+)\..*/\1 \2/' | sort -u |
    while read -r file line; do
      name=$(sed -n "${line}p" "$file" | grep -oE 'CIM_(ASSERT|ASSUME)\([A-Za-z0-9_]+' | sed 's/.*(//')
      [ -n "$name" ] || name=$(basename "$file" .sv)
      echo "$name"
    done | sort -u | tr '\n' ' '
}

# run_proof LINE SRC_ROOT DIR [NETLIST_SED]: runs one proof on the sources under SRC_ROOT; prints
# one result line; returns 0 when it holds.
run_proof() {
  local name kind top sources params
  IFS='|' read -r name kind top sources params <<<"$1"
  local src=$2 dir=$3 netlist_sed=${4:-} files=() f start=$SECONDS
  mkdir -p "$dir"
  for f in $sources; do
    if [[ $f == *.f ]]; then
      while read -r g; do [ -n "$g" ] && files+=("$src/$g"); done <"$src/$f"
    elif [[ $f == /* ]]; then  # a DUT's source, outside the kit
      files+=("$f")
    else
      files+=("$src/$f")
    fi
  done
  local read="" design=() strip=""
  for f in "${files[@]}"; do
    if [[ $f == */cim_analog_crossbar.sv ]]; then
      read+="read_verilog -sv -lib -I $src/rtl $f;"; strip="delete t:*cim_analog_crossbar*;"
    else
      design+=("$f")
    fi
  done
  local chparam="" p=($params) i
  for ((i = 0; i < ${#p[@]}; i += 2)); do chparam+=" -set ${p[i]} ${p[i+1]}"; done
  set -- $kind
  local status=0 log=$dir/smtbmc.log phase=""
  if [ "$1" = equiv ]; then
    status=$(run_equiv "$top" "$sources" "$params" "$chparam" "$src" "$dir" "$2" "$netlist_sed" "${files[*]}")
    log=$dir/equiv.log
  else
    if ! yosys -q -l "$dir/yosys.log" -p "read_verilog -sv -formal $extra_read -I $src/rtl ${design[*]}; $read
        chparam$chparam $top; hierarchy -check -top $top; rename -top $top; $strip prep -top $top;
        techmap -map +/techmap.v t:\$shiftx; opt_clean; setundef -undriven -anyseq; async2sync; dffunmap;
        write_smt2 -wires $dir/model.smt2" \
        >/dev/null 2>&1; then
      echo "FAIL $name: yosys could not read the design ($dir/yosys.log)"; return 1
    fi
    local smt=(timeout 900 yosys-smtbmc -s z3 --unroll --noprogress)
    case $1 in
      comb) "${smt[@]}" -t 1 "$dir/model.smt2" >"$log" 2>&1 || status=1 ;;
      prove)
        "${smt[@]}" -t "$2" "$dir/model.smt2" >"$log" 2>&1 || status=1
        if [ $status -eq 0 ]; then
          "${smt[@]}" -i -t "$3" "$dir/model.smt2" >"$dir/induction.log" 2>&1 || status=1
          [ $status -eq 0 ] || { log=$dir/induction.log; phase=induction; }
        fi ;;
      cover) "${smt[@]}" -c -t "$2" "$dir/model.smt2" >"$log" 2>&1 || status=1 ;;
      *) echo "FAIL $name: unknown kind '$kind' in formal/proofs.txt"; return 1 ;;
    esac
    grep -q 'Status: PASSED' "$log" || status=1
  fi
  local took=$((SECONDS - start))
  if [ "$status" = 0 ]; then
    echo "PASS $name ($kind, $top, ${took} s)"
  else
    local which
    which=$(failed_assertions "$log")
    grep -q 'Unreached cover' "$log" && which+="cover "
    [ "${kind%% *}" = equiv ] && which+="equiv "
    if [ "$phase" = induction ]; then  # BMC held: the counterexample may be unreachable
      which+="(in the induction step only: it holds for $2 cycles from reset; the induction's start state may be unreachable, and an assertion of the invariant that excludes it completes the proof; $log)"
    fi
    echo "FAIL $name ($kind, ${took} s): ${which:-see $log}"
    return 1
  fi
}

# run_equiv TOP SOURCES PARAMS CHPARAM SRC DIR DEPTH NETLIST_SED FILES: prints 0 when the netlist
# synth/synth.tcl maps equals the RTL for DEPTH cycles from reset, every flop starting at zero.
run_equiv() {
  local top=$1 params=$3 chparam=$4 src=$5 dir=$6 depth=$7 netlist_sed=$8 files=$9
  local filelist=$src/$2
  if ! (cd "$src" && CIM_LIB=$lib CIM_TOP=$top CIM_FILELIST=$filelist CIM_OUT=$dir CIM_DELAY_PS=5000 \
        CIM_PARAMS="$params" CIM_INCDIRS="" CIM_LATCHES=none CIM_FLATTEN_FIRST=0 yosys -q -l "$dir/synth.log" -c "$root/synth/synth.tcl" \
        >/dev/null 2>&1); then
    echo 1; return
  fi
  if [ -n "$netlist_sed" ]; then
    cp "$dir/netlist.v" "$dir/netlist.orig.v"
    sed -i "$netlist_sed" "$dir/netlist.v"
    cmp -s "$dir/netlist.v" "$dir/netlist.orig.v" && { echo 1; return; }
  fi
  if yosys -q -l "$dir/equiv.log" -p "read_verilog -sv -I $src/rtl $files; chparam$chparam $top;
      hierarchy -check -top $top; proc; flatten; opt_clean; rename $top gold; design -stash gold;
      read_liberty $lib; read_verilog $dir/netlist.v; hierarchy -check -top $top; flatten; opt_clean;
      rename $top gate; design -stash gate;
      design -copy-from gold -as gold gold; design -copy-from gate -as gate gate;
      miter -equiv -flatten -make_assert -ignore_gold_x gold gate miter; hierarchy -top miter;
      async2sync; sat -verify -prove-asserts -set-init-zero -seq $depth -set-at 1 in_rst_ni 0 miter" \
      >/dev/null 2>&1; then
    echo 0
  else
    echo 1
  fi
}

source flow/parallel.sh
fail=0
if [ $bugs -eq 0 ]; then
  jobs=()
  for line in "${proofs[@]}"; do selected "${line%%|*}" && jobs+=("${line%%|*}"); done
  proof_job() { run_proof "${proof_line[$1]}" "$root" "$outdir/$1"; }
  cim_parallel proof_job "${jobs[@]}" || fail=1
  echo "${#jobs[@]} proofs: $([ $fail -eq 0 ] && echo 'all hold' || echo FAILED)"
else
  mapfile -t bug_lines < <(table formal/seeded_bugs.txt)
  # Every assertion in the RTL is shown to fire: each CIM_ASSERT by a seeded bug here (or named
  # on a "no-bug:" line with its reason), each CIM_ASSUME by a stimulus in tb/test_assertions.cc.
  if [ -z "$only" ]; then
    mapfile -t rtl_files < <(find rtl -name '*.sv' -o -name '*.svh' | grep -v cim_assert.svh)
    for name in $(grep -ohE 'CIM_ASSERT\([A-Za-z0-9_]+' "${rtl_files[@]}" | sed 's/.*(//' | sort -u); do
      if ! printf '%s\n' "${bug_lines[@]}" | awk -F'|' -v n="$name" '$4 == n { found = 1 } END { exit !found }' &&
         ! grep -qE "^# no-bug: $name( |$)" formal/seeded_bugs.txt; then
        echo "FAIL: assertion $name has no seeded bug in formal/seeded_bugs.txt"; fail=1
      fi
    done
    for name in $(grep -ohE 'CIM_ASSUME\([A-Za-z0-9_]+' "${rtl_files[@]}" | sed 's/.*(//' | sort -u); do
      grep -q "\"$name\"" tb/test_assertions.cc ||
        { echo "FAIL: assumption $name has no stimulus in tb/test_assertions.cc"; fail=1; }
    done
  fi
  jobs=()
  for i in "${!bug_lines[@]}"; do
    IFS='|' read -r name file expr expect <<<"${bug_lines[$i]}"
    [ -n "${proof_line[$name]:-}" ] || { echo "FAIL bug $((i + 1)): no proof '$name'"; fail=1; continue; }
    selected "$name" && jobs+=("$i")
  done
  bug_job() {
    local n=$(($1 + 1)) name file expr expect
    IFS='|' read -r name file expr expect <<<"${bug_lines[$1]}"
    local copy=$outdir/bug$n
    rm -rf "$copy"; mkdir -p "$copy"
    cp -r rtl formal synth "$copy/"
    local netlist_sed=""
    if [ "$file" = netlist ]; then
      netlist_sed=$expr
    else
      sed -i "$expr" "$copy/$file"
      if cmp -s "$copy/$file" "$file"; then
        echo "FAIL bug $n ($name): '$expr' does not change $file"; return 1
      fi
    fi
    local result
    result=$(run_proof "${proof_line[$name]}" "$copy" "$copy/proof" "$netlist_sed")
    case $result in
      PASS*) echo "FAIL bug $n ($name, $file: $expr): the proof still holds"; return 1 ;;
    esac
    case " ${result#*: } " in
      *" $expect "*) echo "PASS bug $n: $name fails on $expect ($file)" ;;
      *) echo "FAIL bug $n ($name, $file): want $expect to fail, got: ${result#*: }"; return 1 ;;
    esac
  }
  cim_parallel bug_job "${jobs[@]}" || fail=1
  echo "${#jobs[@]} seeded bugs: $([ $fail -eq 0 ] && echo 'each one found' || echo FAILED)"
fi
exit $fail
