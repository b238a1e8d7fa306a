#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make regress: long random regressions, outside make test.
#
#   tb/regress.sh [--no-cimsim] BUILD [SEEDS] [SHARD]
#   tb/regress.sh --check BUILD [SEEDS] [SHARD]   validate SEEDS and SHARD, nothing else
#   tb/regress.sh --print-filter        the GoogleTest filter of the regression's tests
#
# The random lockstep tests of every compiled set (RandomMvm, AnalogRandom, XHygiene) under seeds
# 1..SEEDS (default 20), each seed one GoogleTest run whose XML report lands in
# BUILD/regress/<shard>/; then cimsim on each Verilated backend, 100,000 MVMs with random
# precision and back-pressure. Prints every seed and, last, the MVMs checked (added up from the
# reports) and the parameter sets they ran on. Stops at the first failure: its message names the
# command that reproduces it.
#
# SHARD i/n (0 <= i < n) runs the i-th of n disjoint parts, through GoogleTest's own sharding
# (GTEST_TOTAL_SHARDS / GTEST_SHARD_INDEX, the same split for every seed), so a batch scheduler
# can spread the regression over machines; shard 0 also runs the cimsim part. The test
# regress_shards checks that the parts cover every test exactly once.
set -euo pipefail
die() { echo "make regress: $*" >&2; exit 2; }
# The regression's tests: one home, which the sharding test reads with --print-filter.
filter='AllConfigs/RandomMvm.*:AllAnalog/AnalogRandom.*:XUniqueConfigs/XHygiene.*'
if [ "${1:-}" = --print-filter ]; then echo "$filter"; exit 0; fi
run_cimsim=true check_only=false
if [ "${1:-}" = --no-cimsim ]; then run_cimsim=false; shift; fi
if [ "${1:-}" = --check ]; then check_only=true; shift; fi
[ $# -ge 1 ] && [ $# -le 3 ] || die "usage: tb/regress.sh [--no-cimsim] BUILD [SEEDS] [SHARD i/n]"
build=$1 seeds=${2:-20} shard=${3:-0/1}
[ -n "$seeds" ] || seeds=20
[ -n "$shard" ] || shard=0/1
[[ "$seeds" =~ ^[1-9][0-9]{0,5}$ ]] || die "SEEDS=$seeds is not a whole number >= 1"
[[ "$shard" =~ ^(0|[1-9][0-9]{0,3})/([1-9][0-9]{0,3})$ ]] ||
  die "SHARD=$shard is not i/n (the i-th of n parts, 0 <= i < n)"
index=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
(( index < total )) || die "SHARD=$shard: the index must be below the count (0 .. $((total - 1)))"
$check_only && exit 0
[ -x "$build/cim_tests" ] || die "$build/cim_tests is missing (make build)"

out=$build/regress/shard-$index-of-$total
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
for seed in $(seq 1 "$seeds"); do
  echo "regress: seed $seed of $seeds (shard $shard)"
  CIM_SEED=$seed GTEST_TOTAL_SHARDS=$total GTEST_SHARD_INDEX=$index \
    "$build/cim_tests" --gtest_brief=1 --gtest_filter="$filter" \
    --gtest_output="xml:$out/seed-$seed.xml"
done

# Every test the reports name, and the MVMs they recorded (RecordProperty "mvms").
mvms=$(grep -ho '<property name="mvms" value="[0-9]*"' "$out"/seed-*.xml | sed 's/.*value="//; s/"//' |
       awk '{ s += $1 } END { print s + 0 }')
sets=$(grep -ho '<testcase name="[^"]*" value_param="[^"]*"' "$out"/seed-*.xml |
       sed 's/.*value_param="//; s/"$//' | sort -u | wc -l)
tests=$(grep -hc '<testcase ' "$out"/seed-*.xml | awk '{ s += $1 } END { print s + 0 }')

cimsim_mvms=0
if $run_cimsim && [ "$index" -eq 0 ]; then
  for backend in digital analog; do
    "$build/cimsim" random --backend "$backend" --count 100000 --random-precision \
      --backpressure 0.3 --seed "$RANDOM" --no-progress
    cimsim_mvms=$((cimsim_mvms + 100000))
  done
fi
echo "regress: PASS in $(( $(date +%s) - start )) s: $tests test runs over $sets parameter sets," \
     "$mvms MVMs checked in lockstep by the tests and $cimsim_mvms by cimsim, 0 mismatches" \
     "(reports in $out)"
