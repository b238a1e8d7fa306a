#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The include rules of the C++ rooms (README.md, "Layout"), checked on every tracked .cc and .h:
#   - only harness/verilated/ (the adapter and the generated registry, models.cc.in) includes
#     Verilator (<verilated*.h>), directly or through a header;
#   - a room includes only its own files and the rooms below it:
#       golden, nn          themselves only (the network wing knows no macro)
#       harness             golden
#       harness/verilated   golden, harness
#       runtime             golden, nn, harness (not harness/verilated)
#       sim, flow           golden, nn, harness, runtime (flow: the facts generator)
#       tb, examples        anything (the tests)
#   - no circle: the include graph sorts (tsort).
# Usage: tb/include_rules.sh (from anywhere). Exits 1 naming each broken rule.
set -euo pipefail
cd "$(dirname "$0")/.."
roots=(golden/include nn/include runtime/include harness harness/verilated sim tb)
# The headers cim_records writes into the build from the record (flow/records/main.cc), golden's.
mapfile -t built < <(sed -n 's/.*{"\(cim\/[a-z_]*\.h\)".*/\1/p' flow/records/main.cc)
fail=0

room() {  # FILE: sets `room`
  case $1 in
    harness/verilated/*) room=verilated ;;
    harness/*) room=harness ;;
    golden/*|nn/*|runtime/*|sim/*|flow/*|tb/*|examples/*) room=${1%%/*} ;;
    *) room=other ;;
  esac
}

allowed() {  # FROM-ROOM TO-ROOM
  case $1:$2 in
    golden:golden|nn:nn) return 0 ;;
    harness:golden|harness:harness) return 0 ;;
    verilated:golden|verilated:harness|verilated:verilated) return 0 ;;
    runtime:golden|runtime:nn|runtime:harness|runtime:runtime) return 0 ;;
    sim:golden|sim:nn|sim:harness|sim:runtime|sim:sim) return 0 ;;
    flow:golden|flow:nn|flow:flow) return 0 ;;
    tb:*|examples:*) return 0 ;;
  esac
  return 1
}

# The file an #include "NAME" in FILE means: beside FILE, else under an include root.
resolve() {  # FILE NAME: sets `resolved` (no subshells: a few hundred includes)
  resolved=""
  if [[ $2 == *..* ]]; then
    echo "FAIL: $1 includes \"$2\" (no .. in an include: name the header from an include root)"
    fail=1; return
  fi
  if [ -f "${1%/*}/$2" ]; then resolved=${1%/*}/$2; return; fi
  if [[ " ${built[*]} " == *" $2 "* ]]; then resolved=golden/include/$2; return; fi
  for r in "${roots[@]}"; do
    if [ -f "$r/$2" ]; then resolved=$r/$2; return; fi
  done
}

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
declare -A verilator  # files that include Verilator directly
while IFS= read -r f; do
  room "$f"
  from=$room
  while IFS= read -r line; do
    [[ $line == '#include'* ]] || continue
    if [[ $line =~ ^#include\ *\<(verilated[a-z_]*\.h)\> ]]; then
      verilator[$f]=${BASH_REMATCH[1]}
      if [ "$from" != verilated ]; then
        echo "FAIL: $f includes <${BASH_REMATCH[1]}> (only harness/verilated/ includes Verilator)"
        fail=1
      fi
    elif [[ $line =~ ^#include\ *\"([^\"]+)\" ]]; then
      name=${BASH_REMATCH[1]}
      resolve "$f" "$name"
      to_file=$resolved
      if [ -z "$to_file" ]; then
        echo "FAIL: $f includes \"$name\", which is in no room (tb/include_rules.sh's roots)"
        fail=1; continue
      fi
      echo "$f $to_file" >>"$edges"
      room "$to_file"
      to=$room
      if ! allowed "$from" "$to"; then
        echo "FAIL: $f ($from) includes $to_file ($to): $from may not include $to"
        fail=1
      fi
    fi
  done <"$f"
done < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' '*.cc.in' '*.h.in')

# Verilator through a header: every file that reaches a direct includer outside harness/verilated.
declare -A reaches
for f in "${!verilator[@]}"; do reaches[$f]=1; done
changed=1
while [ $changed -eq 1 ]; do
  changed=0
  while read -r a b; do
    if [ -n "${reaches[$b]:-}" ] && [ -z "${reaches[$a]:-}" ]; then reaches[$a]=1; changed=1; fi
  done <"$edges"
done
for f in "${!reaches[@]}"; do
  room "$f"
  if [ "$room" != verilated ] && [ -z "${verilator[$f]:-}" ]; then
    echo "FAIL: $f includes Verilator's headers through a header (only harness/verilated/ may)"
    fail=1
  fi
done

if ! tsort "$edges" >/dev/null 2>"$edges.loop"; then
  echo "FAIL: the include graph has a circle: $(sed -n 's/^tsort: //p' "$edges.loop" | grep -v 'input contains a loop' | tr '\n' ' ')"
  fail=1
fi
rm -f "$edges.loop"
[ $fail -eq 0 ] && echo "include rules hold: $(wc -l <"$edges") includes in $(cut -d' ' -f1 "$edges" | sort -u | wc -l) files"
exit $fail
