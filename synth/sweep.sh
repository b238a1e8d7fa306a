#!/usr/bin/env bash
# make synth-sweep: make synth over a grid of parameter sets, then one CSV, fitted growth
# exponents and PNG plots in build/synth/sweep/.
# Usage: synth/sweep.sh [--check] BUILD_DIR [CLOCK_NS=ns]   (--check: validate and stop)
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
$check_only && exit 0
out=$build/synth/sweep
rm -rf "$out"
mkdir -p "$out"

# The sets tb/configs.txt marks `sweep` (ROWS x COLS x WBITS x ABITS x ABITS_PER_CYCLE).
mapfile -t configs < <(awk '/^digital / && / sweep( |$)/ { print $2, $3, $4, $5, $6 }' tb/configs.txt)
dirs=()
for cfg in "${configs[@]}"; do
  read -r rows cols wbits abits apc <<<"$cfg"
  log=$(synth/synth.sh "$build" ROWS="$rows" COLS="$cols" WBITS="$wbits" ABITS="$abits" \
      ABITS_PER_CYCLE="$apc" "${clock[@]}") || { echo "make synth-sweep: $cfg failed" >&2; exit 1; }
  grep -E "^make synth|^area|^timing|^power|^energy|total" <<<"$log"
  # The folder make synth wrote its report.json to, as it says.
  dirs+=("$(sed -n 's/^make synth: .* -> //p' <<<"$log")")
done
python3 synth/sweep.py --out "$out" "${dirs[@]}"
gnuplot -e "dir='$out'" synth/sweep.gp
echo "make synth-sweep: $out/sweep.csv, $out/summary.md, $out/*.png"
