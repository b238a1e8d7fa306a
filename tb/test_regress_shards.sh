#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test regress_shards: make regress split three ways (SHARD=0/3, 1/3, 2/3, one seed, no
# cimsim part) runs every test of the regression exactly once, as GoogleTest lists them.
# Usage: tb/test_regress_shards.sh BUILD
set -uo pipefail
cd "$(dirname "$0")/.."
build=$1
filter=$(tb/regress.sh --print-filter)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "Suite.Test/param" for every test the filter selects.
"$build/cim_tests" --gtest_list_tests --gtest_filter="$filter" |
  awk '/^[^ ]/ { suite = $1 } /^  / { print suite $1 }' | sort >"$work/all"
[ -s "$work/all" ] || { echo "FAIL: the regression's filter selects no test"; exit 1; }

for i in 0 1 2; do
  if ! tb/regress.sh --no-cimsim "$build" 1 "$i/3" >"$work/log$i" 2>&1; then
    echo "FAIL: shard $i/3 failed:"; cat "$work/log$i"; exit 1
  fi
  # The XML report's testcases as "Suite.Test": classname is the suite.
  grep -o '<testcase name="[^"]*"[^>]*classname="[^"]*"' "$build/regress/shard-$i-of-3/seed-1.xml" |
    sed -E 's/<testcase name="([^"]*)".*classname="([^"]*)"/\2.\1/'
done | sort >"$work/run"

dups=$(uniq -d "$work/run")
missing=$(comm -23 "$work/all" <(sort -u "$work/run"))
extra=$(comm -13 "$work/all" <(sort -u "$work/run"))
fail=0
[ -z "$dups" ] || { echo "FAIL: run by more than one shard:"; echo "$dups"; fail=1; }
[ -z "$missing" ] || { echo "FAIL: run by no shard:"; echo "$missing"; fail=1; }
[ -z "$extra" ] || { echo "FAIL: run but not in the regression:"; echo "$extra"; fail=1; }
for i in 0 1 2; do
  n=$(grep -c '<testcase ' "$build/regress/shard-$i-of-3/seed-1.xml")
  echo "shard $i/3: $n tests"
  [ "$n" -gt 0 ] || { echo "FAIL: shard $i/3 ran nothing"; fail=1; }
done
[ $fail -eq 0 ] && echo "PASS: $(wc -l <"$work/all") tests, each run by exactly one of 3 shards"
exit $fail
