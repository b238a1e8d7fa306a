#!/usr/bin/env bash
# make regress: long random regressions, outside make test. The random lockstep tests of every
# compiled set under SEEDS seeds (default 20), then cimsim on every Verilated backend with random
# precision and back-pressure, 100,000 MVMs each. Prints every seed; stops at the first failure
# (its message names the command that reproduces it). Usage: tb/regress.sh BUILD_DIR [SEEDS]
set -euo pipefail
build=$1 seeds=${2:-20}
[[ "$seeds" =~ ^[1-9][0-9]{0,5}$ ]] || { echo "make regress: SEEDS=$seeds is not a whole number >= 1" >&2; exit 2; }
start=$(date +%s)
for seed in $(seq 1 "$seeds"); do
  echo "regress: seed $seed of $seeds"
  CIM_SEED=$seed "$build/cim_tests" --gtest_brief=1 --gtest_filter='*Random*:*XHygiene*'
done
for backend in digital analog; do
  "$build/cimsim" random --backend "$backend" --count 100000 --random-precision \
    --backpressure 0.3 --seed "$RANDOM" --no-progress
done
echo "regress: PASS in $(( $(date +%s) - start )) s"
