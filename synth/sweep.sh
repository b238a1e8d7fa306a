#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make synth-sweep: make synth over a grid of parameter sets, then one CSV, fitted growth
# exponents and PNG plots in build/synth/sweep/.
# Usage: [CIM_PARALLEL_JOBS=n] synth/sweep.sh [--check] BUILD_DIR [CLOCK_NS=ns]
#        (--check: validate and stop; make synth-sweep JOBS=n sets the points run at once)
set -euo pipefail
cd "$(dirname "$0")/.."
check_only=false
if [ "${1:-}" = --check ]; then check_only=true; shift; fi
build=$1; shift
clock=()
for arg in "$@"; do
  [[ "$arg" == CLOCK_NS=* ]] || { echo "make synth-sweep: $arg: only CLOCK_NS can be set" >&2; exit 2; }
  clock=("$arg")
done
synth/synth.sh --check "$build" "${clock[@]}"
[[ ${CIM_PARALLEL_JOBS:-2} =~ ^[1-9][0-9]{0,2}$ ]] \
  || { echo "make synth-sweep: JOBS=${CIM_PARALLEL_JOBS} is not a whole number 1..999" >&2; exit 2; }
$check_only && exit 0
out=$build/synth/sweep
rm -rf "$out"
mkdir -p "$out"

# The sets flow/configs.txt marks `sweep` (MACRO NAME=VALUE..., every parameter): each an
# independent make synth, JOBS at a time (a batch scheduler can take them one by one just as well:
# synth/synth.sh BUILD ROWS=... per point, then this script's last three commands).
mapfile -t configs < <(flow/params.sh sets sweep) || exit 2
synth_point() {
  synth/synth.sh "$build" "MACRO=$1" "${@:2}" "${clock[@]}"
}
source flow/parallel.sh
echo "make synth-sweep: ${#configs[@]} points, ${CIM_PARALLEL_JOBS:-2} at a time"
log=$(CIM_PARALLEL_PROGRESS="make synth-sweep" cim_parallel synth_point "${configs[@]}") \
  || { echo "$log" | tail -40; echo "make synth-sweep: a point failed (above)" >&2; exit 1; }
grep -E "^make synth|^area|^timing|^power|^energy|total" <<<"$log"
# The folders make synth wrote its report.json to, as it says.
mapfile -t dirs < <(sed -n 's/^make synth: .* -> //p' <<<"$log")
[ ${#dirs[@]} -eq ${#configs[@]} ] || { echo "make synth-sweep: ${#dirs[@]} reports for ${#configs[@]} points" >&2; exit 1; }
python3 synth/sweep.py --out "$out" "${dirs[@]}"
gnuplot -e "dir='$out'" synth/sweep.gp
echo "make synth-sweep: $out/sweep.csv, $out/summary.md, $out/*.png"
