#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The C++ style: every tracked .cc and .h as clang-format (.clang-format: Google, 100 columns)
# writes it. Usage: tb/format.sh [check|apply] (from anywhere); check names each file that
# differs, apply rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
command -v clang-format >/dev/null || { echo "tb/format.sh: clang-format is not installed (make deps)" >&2; exit 2; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h')
if [ "$mode" = apply ]; then
  clang-format -i "${files[@]}"
  echo "formatted ${#files[@]} files"
  exit 0
fi
fail=0
for f in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "FAIL: $f is not clang-formatted (tb/format.sh apply)"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "${#files[@]} C++ files clang-formatted"
exit $fail
