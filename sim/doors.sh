#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sourced by cimsim's door tests: `source sim/doors.sh CIMSIM`. Gives $cimsim, a scratch folder
# $work (removed at exit), $fail, and
#   check TEXT ARGS...   cimsim ARGS must exit 2 with TEXT in its message, print nothing on stdout
#                        and leave no new file in $work
#   doors_done           exits with the verdict
cimsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() {
  local name=$1; shift
  local out err rc before after
  before=$(ls "$work")
  out=$(cd "$work" && timeout 60 "$cimsim" "$@" 2>"$work/.err"); rc=$?
  err=$(cat "$work/.err"); rm -f "$work/.err"
  after=$(ls "$work")
  if [ $rc -ne 2 ]; then echo "FAIL: cimsim $* exited $rc, want 2: $err"; fail=1
  elif ! grep -qF -- "$name" <<<"$err"; then echo "FAIL: cimsim $* did not name $name: $err"; fail=1
  elif [ -n "$out" ]; then echo "FAIL: cimsim $* printed on stdout: $out"; fail=1
  elif [ "$before" != "$after" ]; then echo "FAIL: cimsim $* left files: $(comm -13 <(echo "$before") <(echo "$after"))"; fail=1
  else echo "ok: cimsim $* -> $(head -1 <<<"$err")"; fi
}
doors_done() { exit $fail; }
