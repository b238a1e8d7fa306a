#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Files generated from a fact's one home must match it. Usage: flow/facts.sh check|write
# CIM_RECORDS [CIM_FACTS] (make facts builds both and writes; the test facts_in_sync checks)
#   every file cim_records lists     <- rtl/cim_records.jsonc (flow/records/main.cc lists them)
#   rtl/analog/cim_analog_settings.svh       <- analog_settings() (golden/src/analog.cc)
#   docs/analog.md, between settings markers  <- the same
#   docs/cimsim.md, between operators markers <- the operator table (nn/include/cim/operators.h)
#   docs/cimsim.md, between exporters markers <- tb/fixtures/torch113/manifest.json and that table
# check fails naming each file that drifted; write rewrites them.
set -euo pipefail
mode=$1 records=$(realpath "$2") facts=${3:+$(realpath "$3")}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# splice FILE MARKER GENERATED: FILE with the lines between <!-- MARKER:begin --> and
# <!-- MARKER:end --> replaced by GENERATED.
splice() {
  awk -v gen="$3" -v b="<!-- $2:begin -->" -v e="<!-- $2:end -->" '
    $0 == b { print; while ((getline line < gen) > 0) print line; skip = 1; found++; next }
    $0 == e { skip = 0 }
    !skip { print }
    END { if (found != 1) exit 3 }' "$1"
}

compare_block() {  # FILE MARKER GENERATED: FILE's MARKER block against GENERATED
  splice "$1" "$2" "$3" >"$3.whole" || { echo "FAIL: $1 lacks one $2:begin/end marker pair"; exit 1; }
  compare "$1" "$3.whole"
}

compare() {  # FILE WANT
  if [ ! -f "$1" ] && [ "$mode" = write ]; then cp "$2" "$1"; echo "wrote $1"
  elif ! cmp -s "$1" "$2"; then
    if [ "$mode" = write ]; then cp "$2" "$1"; echo "rewrote $1"
    else echo "FAIL: $1 is not what its home says (run make facts):"; diff "$1" "$2" | head -20; fail=1; fi
  else
    echo "in sync: $1"
  fi
}

"$records" rtl/cim_records.jsonc "$work/records" >"$work/records.list" || exit 1
while read -r kind file marker; do
  if [ "$kind" = file ]; then
    compare "$file" "$work/records/$file"
  else
    compare_block "$file" "$marker" "$work/records/blocks/$marker"
  fi
done <"$work/records.list"
[ -n "$facts" ] || exit $fail
# fact_file FACT FILE: FILE is what cim_facts FACT writes.
fact_file() {
  "$facts" "$1" >"$work/$1"
  compare "$2" "$work/$1"
}
# fact_block FACT FILE MARKER: FILE's lines between its MARKER:begin/end pair are what cim_facts
# FACT writes.
fact_block() {
  "$facts" "$1" >"$work/$1"
  compare_block "$2" "$3" "$work/$1"
}
fact_file settings-svh rtl/analog/cim_analog_settings.svh
fact_block settings-md docs/analog.md settings
fact_block costs-md docs/analog.md costs
fact_block devices-md docs/analog.md devices
fact_block operators-md docs/cimsim.md operators
fact_block exporters-md docs/cimsim.md exporters
exit $fail
