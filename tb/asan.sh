#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make test-asan: the test suite on a build with AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tb/asan.sh BUILD JOBS
#
# Configures BUILD/asan (-DCIM_SANITIZE=ON, every model included), builds it and runs every test
# that runs C++ (ctest without the lint, formal and synth labels, which run the RTL tools). Any
# sanitizer report stops its test (halt_on_error), so a clean run is a passing one.
set -uo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 2 || ! $2 =~ ^[1-9][0-9]{0,2}$ ]]; then
  echo "usage: tb/asan.sh BUILD JOBS (JOBS 1..999)" >&2
  exit 2
fi
build=$1/asan
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIM_SANITIZE=ON >/dev/null || exit 1
cmake --build "$build" -j "$2" || exit 1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export LSAN_OPTIONS=use_tls=0:suppressions=$PWD/tb/lsan.supp  # tb/lsan.supp says why
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$build" -j "$2" -LE 'lint|formal|synth' --output-on-failure
