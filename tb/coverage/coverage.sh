#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make coverage: the whole test suite on models built with Verilator coverage, merged and reported.
#
#   tb/coverage/coverage.sh BUILD JOBS
#   tb/coverage/coverage.sh BUILD JOBS DUT=my.f TOP=my_macro [ROWS=... CHECK=... STORAGE=...]
#
# Configures BUILD/coverage (every model with --coverage: line, toggle and the RTL's cover
# points; CMakeLists.txt's CIM_COVERAGE), builds it, runs every test that runs a model (ctest
# without the lint, formal and synth labels, which run none) so that each test process leaves its
# .dat in BUILD/coverage/coverage/dat, then merges them and writes BUILD/coverage/report/:
# merged.dat, annotated/ (the RTL with counts), coverage.info and html/ (genhtml), uncovered.txt.
# The last line printed is the summary; the goals and exclusions are in tb/coverage/.
#
# With a DUT (docs/your-macro.md) the build is BUILD/coverage-dut: that DUT's model at the given
# size alone (CIM_KIT_MODELS=OFF, no examples), the GoogleTest suites that run on it, and the
# figures counted over the sources its filelist names (no exclusions; the goals the same).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $# -lt 2 || ! $2 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tb/coverage/coverage.sh BUILD JOBS [DUT=... TOP=... NAME=VALUE...] (JOBS a whole number >= 1)" >&2
  exit 2
fi
build=$1 jobs=$2
shift 2
dut_args=()
if [ $# -gt 0 ]; then
  # The parameters checked before any work; they name a DUT or they are refused.
  extra=$(flow/params.sh config-line "make coverage" "$@") || exit 2
  dut_args=($(flow/params.sh cmake-args "make coverage" "$@")) || exit 2
  if [ ${#dut_args[@]} -eq 0 ]; then
    echo "make coverage: the kit's coverage runs every compiled set; ROWS=... and the like go with DUT=FILELIST TOP=MODULE (your macro at that size)" >&2
    exit 2
  fi
  . flow/params.sh
  cim_params_parse "make coverage" "$cim_dut_names" "$@"
  cim_dut_parse "make coverage"
fi
for tool in verilator_coverage genhtml python3; do
  command -v "$tool" >/dev/null || { echo "coverage: $tool not found (make deps installs it)" >&2; exit 2; }
done

if [ ${#dut_args[@]} -eq 0 ]; then
  cov=$build/coverage
  cmake -S . -B "$cov" -DCMAKE_BUILD_TYPE=Release -DCIM_COVERAGE=ON >/dev/null
  cmake --build "$cov" -j "$jobs"
  select=(-LE 'lint|formal|synth')
else
  cov=$build/coverage-dut
  sources=$cov/dut-sources.txt
  mkdir -p "$cov"
  flow/filelist.sh "${cim_param[DUT]}" "$PWD" | sed -n 's/^source //p' >"$sources"
  cmake -S . -B "$cov" -DCMAKE_BUILD_TYPE=Release -DCIM_COVERAGE=ON -DCIM_KIT_MODELS=OFF \
        -DCIM_EXAMPLES=OFF "-DCIM_EXTRA_CONFIGS=$extra" "${dut_args[@]}" >/dev/null
  cmake --build "$cov" -j "$jobs" --target cim_tests
  select=(-R "/${cim_dut_name}_r[0-9]")  # the suites' cases on this DUT (EveryBackend/Contract.X/name_r16_c4_...)
fi
report=$cov/report
dat=$cov/coverage/dat
rm -rf "$dat" "$report"
mkdir -p "$report"
tests=0
ctest --test-dir "$cov" -j "$jobs" "${select[@]}" --output-on-failure || tests=$?

shopt -s nullglob
files=("$dat"/*.dat)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "coverage: no test left a coverage file in $dat" >&2
  exit 1
fi
verilator_coverage --write "$report/merged.dat" "${files[@]}"
verilator_coverage --annotate "$report/annotated" --annotate-min 1 "$report/merged.dat" >/dev/null
verilator_coverage --write-info "$report/coverage.info" "$report/merged.dat"
genhtml --quiet --output-directory "$report/html" "$report/coverage.info"
echo "coverage: ${#files[@]} test processes merged; HTML in $report/html/index.html"
status=0
if [ ${#dut_args[@]} -eq 0 ]; then
  python3 tb/coverage/report.py "$report/merged.dat" tb/coverage/exclusions.txt . "$report" || status=$?
else
  python3 tb/coverage/report.py "$report/merged.dat" /dev/null . "$report" "$sources" || status=$?
fi
if [[ $tests -ne 0 ]]; then
  echo "coverage: some tests failed (above): the figures count what ran" >&2
  exit 1
fi
exit "$status"
