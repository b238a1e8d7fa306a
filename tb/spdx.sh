#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every source file of the repository carries the licence's SPDX line (LICENSE: Apache-2.0) in
# its first lines (after a #! or `verilator_config line). Usage: tb/spdx.sh [check|add] (from
# anywhere); add writes the missing lines. Data, docs, filelists and tool inputs without a comment
# syntax are not source files here.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
line='SPDX-License-Identifier: Apache-2.0'
fail=0
while IFS= read -r f; do
  case $f in
    *.sv|*.svh|*.cc|*.h|*.h.in|*.cc.in|*.vlt|*.vlt.in) comment='//' ;;
    *.sh|*.py|*.tcl|*.gp|*.cmake|*.supp|CMakeLists.txt|Makefile|.ci/run) comment='#' ;;
    *) continue ;;
  esac
  head -3 "$f" | grep -qF "$line" && continue
  if [ "$mode" = add ]; then
    first=$(head -1 "$f")
    if [[ $first == '#!'* || $first == '`verilator_config' ]]; then
      { echo "$first"; echo "$comment $line"; tail -n +2 "$f"; } >"$f.spdx"
    else
      { echo "$comment $line"; cat "$f"; } >"$f.spdx"
    fi
    chmod --reference="$f" "$f.spdx"; mv "$f.spdx" "$f"; echo "added: $f"
  else
    echo "FAIL: $f has no '$line' in its first lines (tb/spdx.sh add)"; fail=1
  fi
done < <(git ls-files --cached --others --exclude-standard)
[ $fail -eq 0 ] && [ "$mode" = check ] && echo "every source file has its SPDX line"
exit $fail
