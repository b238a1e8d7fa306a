#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make fuzz: every libFuzzer harness of tb/fuzz/ for a bounded time, from its committed seed corpus.
#
#   tb/fuzz/fuzz.sh BUILD SECONDS
#
# Configures BUILD/fuzz (clang, -DCIM_FUZZ=ON: libFuzzer counters, AddressSanitizer and
# UndefinedBehaviorSanitizer everywhere, the `fuzz` parameter set of flow/configs.txt only), builds
# the harnesses, replays each one's regression inputs (tb/fuzz/regressions/<harness>/: inputs that
# once crashed it, kept so the bug stays fixed), then fuzzes each for SECONDS from
# tb/fuzz/corpus/<harness>/ (new inputs go to BUILD/fuzz/corpus/<harness>/, the committed seeds
# are only read). A crash leaves its input in BUILD/fuzz/crashes/ and the run exits 1: copy it to
# tb/fuzz/regressions/<harness>/ with the fix.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [[ $# -ne 2 || ! $2 =~ ^[1-9][0-9]{0,4}$ ]]; then
  echo "usage: tb/fuzz/fuzz.sh BUILD SECONDS (SECONDS 1..99999, per harness)" >&2
  exit 2
fi
command -v clang++ >/dev/null || { echo "make fuzz: clang++ not found (make deps installs it)" >&2; exit 2; }
build=$1/fuzz seconds=$2
harnesses=(array_file onnx fault_map adc_ranges settings protocol)
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIM_FUZZ=ON >/dev/null || exit 1
cmake --build "$build" -j "$(nproc)" --target "${harnesses[@]/#/fuzz_}" || exit 1
mkdir -p "$build/crashes"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
fail=0
for h in "${harnesses[@]}"; do
  bin=$build/fuzz_$h
  regressions=(tb/fuzz/regressions/"$h"/*)
  if [ -e "${regressions[0]}" ]; then
    if "$bin" "${regressions[@]}" >"$build/$h.regressions.log" 2>&1; then
      echo "ok: fuzz_$h: ${#regressions[@]} regression inputs pass"
    else
      echo "FAIL: fuzz_$h on a regression input (log $build/$h.regressions.log):"; tail -5 "$build/$h.regressions.log"; fail=1
    fi
  fi
  mkdir -p "$build/corpus/$h"
  "$bin" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$h-" "$build/corpus/$h" "tb/fuzz/corpus/$h" >"$build/$h.log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$h.log")
  cov=$(grep -o 'cov: [0-9]*' "$build/$h.log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "ok: fuzz_$h: ${runs:-?} runs in ${seconds} s, ${cov:-cov: ?} edges, corpus $(ls "$build/corpus/$h" | wc -l) new + $(ls "tb/fuzz/corpus/$h" | wc -l) seeds, no crash"
  else
    echo "FAIL: fuzz_$h crashed (log $build/$h.log; input in $build/crashes/):"
    grep -E "ERROR|fuzz: |runtime error|what\(\)" "$build/$h.log" | head -5
    fail=1
  fi
done
exit $fail
