#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cim_records refuses a bad record (rtl/cim_records.jsonc with one thing broken) with exit 2 and a
# message naming the entry and what is wrong, having written nothing; the good record writes every
# file it lists. Usage: tb/test_records.sh CIM_RECORDS
set -uo pipefail
records=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }

# refuse NAME WANT SED: the record edited by SED is refused with a message holding WANT.
refuse() {
  sed "$3" rtl/cim_records.jsonc >"$work/$1.jsonc"
  cmp -s rtl/cim_records.jsonc "$work/$1.jsonc" && { bad "$1: the edit changed nothing"; return; }
  out=$("$records" "$work/$1.jsonc" "$work/out-$1" 2>&1)
  rc=$?
  if [ $rc -ne 2 ]; then bad "$1: exit $rc, not 2: $out"
  elif [[ "$out" != *"$2"* ]]; then bad "$1: '$out' does not say '$2'"
  elif [ -e "$work/out-$1" ]; then bad "$1: wrote files"
  else ok "$1: $out"; fi
}
refuse misspelt "params[0] (ROWS) has a field 'defualt' that means nothing here" 's/"default": 64,/"default": 64, "defualt": 64,/'
refuse missing "params[0] (ROWS) lacks default" 's/"default": 64,//'
refuse foreign "the rule on WSETS reads CELL_BITS, which the digital macro does not take" \
  's/"check": "is_pow2(WSETS)"/"check": "is_pow2(WSETS) \&\& CELL_BITS > 1"/'
refuse defaults "the rule on ABITS_PER_CYCLE does not hold at the defaults" \
  's/"check": "ABITS_PER_CYCLE == 1"/"check": "ABITS_PER_CYCLE == 2"/'
refuse arity "width RowW calls vbits() with 2 arguments, not 1" 's/"expr": "vbits(ROWS)"/"expr": "vbits(ROWS, 2)"/'
refuse syntax "widths[2] (AbW) expr 'count_w(ABITS +)': want a number, a name or '(' at column 16" \
  's/"expr": "count_w(ABITS)"/"expr": "count_w(ABITS +)"/'
refuse unknown "reads 'ROWZ', which it cannot see" 's/"expr": "vbits(ROWS)"/"expr": "vbits(ROWZ)"/'
refuse says "rules[0] says holds a comma" 's/"says": "a power of two up to ABITS"/"says": "a power of two, up to ABITS"/'
refuse range "params[1] (COLS) default is not in its range" 's/"default": 16,/"default": 999,/'
refuse port "ports[2] (rst_ni) is not a new port name" 's/"name": "wr_valid_i"/"name": "rst_ni"/'
refuse json "not JSON" '$d'

out=$("$records" rtl/cim_records.jsonc "$work/good" 2>&1) || bad "the record itself: $out"
while read -r kind file marker; do
  want=$work/good/$file
  [ "$kind" = block ] && want=$work/good/blocks/$marker
  [ -s "$want" ] || bad "listed $kind $file ${marker:-}, not written"
done <<<"$out"
[ $fail -eq 0 ] && ok "the record writes the $(wc -l <<<"$out") files and blocks it lists"
exit $fail
