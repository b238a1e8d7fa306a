#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make coverage: the whole test suite on models built with Verilator coverage, merged and reported.
#
#   tb/coverage/coverage.sh BUILD JOBS
#
# Configures BUILD/coverage (every model with --coverage: line, toggle and the RTL's cover
# points; CMakeLists.txt's CIM_COVERAGE), builds it, runs every test that runs a model (ctest
# without the lint, formal and synth labels, which run none) so that each test process leaves its
# .dat in BUILD/coverage/coverage/dat, then merges them and writes BUILD/coverage/report/:
# merged.dat, annotated/ (the RTL with counts), coverage.info and html/ (genhtml), uncovered.txt.
# The last line printed is the summary; the goals and exclusions are in tb/coverage/.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $# -ne 2 || ! $2 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tb/coverage/coverage.sh BUILD JOBS (JOBS a whole number >= 1)" >&2
  exit 2
fi
for tool in verilator_coverage genhtml python3; do
  command -v "$tool" >/dev/null || { echo "coverage: $tool not found (make deps installs it)" >&2; exit 2; }
done
cov=$1/coverage
report=$cov/report
dat=$cov/coverage/dat

cmake -S . -B "$cov" -DCMAKE_BUILD_TYPE=Release -DCIM_COVERAGE=ON >/dev/null
cmake --build "$cov" -j "$2"
rm -rf "$dat" "$report"
mkdir -p "$report"
tests=0
ctest --test-dir "$cov" -j "$2" -LE 'lint|formal|synth' --output-on-failure || tests=$?

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
python3 tb/coverage/report.py "$report/merged.dat" tb/coverage/exclusions.txt . "$report" || status=$?
if [[ $tests -ne 0 ]]; then
  echo "coverage: some tests failed (above): the figures count what ran" >&2
  exit 1
fi
exit "$status"
