#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make's doors: a macro parameter on the command line is read as decimal and quoted (nothing in it
# runs), one in the environment is refused rather than ignored, and each refusal names the
# parameter and stops before anything is configured or built; so do make regress's SEEDS and
# SHARD, make fuzz's FUZZ_SECONDS and the JOBS of make coverage, test-asan and synth-sweep. Run
# from the repository root.
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect() {  # want-in-message env-assignments -- make-args...
  local want=$1; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  local out rc
  # Not the variables of a make that runs this test (make test ROWS=16 would pass them on).
  out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${envs[@]}" make --no-print-directory BUILD="$work/build" "$@" 2>&1); rc=$?
  if [ $rc -eq 0 ] || ! grep -qF -- "$want" <<<"$out"; then
    echo "FAIL: ${envs[*]} make $* -> rc $rc: $out"; fail=1
  elif [ -e "$work/build" ] || [ -e "$work/pwned" ]; then
    echo "FAIL: ${envs[*]} make $* left $(ls "$work")"; fail=1
  else
    echo "ok: ${envs[*]} make $* -> $(grep -F -- "$want" <<<"$out" | head -1)"
  fi
}
expect "ROWS=08 is not a decimal whole number" -- synth ROWS=08
expect "ROWS=010 is not a decimal whole number" -- synth ROWS=010
expect "ROWS=16;ls>$work/pwned is not a decimal" -- synth "ROWS=16;ls>$work/pwned"
expect "ROWS=9999999 is out of range (2..1024)" -- synth ROWS=9999999
expect "ROWS set in the environment" ROWS=16 -- synth
expect "ROWS=010 is not a decimal whole number" -- sim ROWS=010
expect "COLS=0 is out of range" -- test COLS=0
# A parameter of one macro only (the record's macros), and of the kit's macro only.
expect "SCM=2 is out of range (0..1)" -- synth SCM=2
expect "SCM applies to MACRO=digital only" -- sim MACRO=analog SCM=1
expect "WSETS=3 is out of range (a power of two: every value of the set ports names a set)" -- sim WSETS=3
expect "WSETS applies to MACRO=digital only" -- synth MACRO=analog WSETS=2
expect "CELL_BITS applies to MACRO=analog only" -- test CELL_BITS=3
expect "SCM is a parameter of the kit's macro; a DUT does not take it" -- test DUT=examples/renamed/acme_cim.f TOP=acme_cim SCM=1
expect "only CLOCK_NS can be set" -- synth-sweep ROWS=16
expect "SEEDS=0 is not a whole number" -- regress SEEDS=0
expect "SEEDS=1;ls>$work/pwned is not a whole number" -- regress "SEEDS=1;ls>$work/pwned"
expect "SHARD=3/3: the index must be below the count" -- regress SHARD=3/3
expect "SHARD=1/0 is not i/n" -- regress SHARD=1/0
expect "SECONDS 1..99999" -- fuzz FUZZ_SECONDS=0
expect "SECONDS 1..99999" -- fuzz "FUZZ_SECONDS=1;ls>$work/pwned"
expect "JOBS a whole number" -- coverage JOBS=two
expect "JOBS 1..999" -- test-asan JOBS=-1
expect "JOBS=0 is not a whole number" -- synth-sweep JOBS=0
# The device under test (docs/your-macro.md): checked before anything is configured.
expect "DUT=$work/none.f is not a file" -- sim DUT="$work/none.f" TOP=my_macro
expect "TOP=my_macro needs DUT=FILELIST" -- sim TOP=my_macro
expect "DUT=examples/renamed/acme_cim.f needs TOP=MODULE" -- test DUT=examples/renamed/acme_cim.f
expect "is not a module name" -- sim DUT=examples/renamed/acme_cim.f "TOP=a;ls>$work/pwned"
expect "CHECK=sideways is not cycle-exact or transaction" -- sim DUT=examples/renamed/acme_cim.f TOP=acme_cim CHECK=sideways
expect "STORAGE=u.cells; is not [INSTANCE.]VARIABLE" -- sim DUT=examples/renamed/acme_cim.f TOP=acme_cim "STORAGE=u.cells;"
expect "CHECK describes a DUT" -- sim CHECK=transaction
expect "make synth-sweep does not take DUT=" -- synth-sweep DUT=examples/renamed/acme_cim.f TOP=acme_cim
expect "STORAGE is for fault injection, not synthesis" -- synth DUT=examples/renamed/acme_cim.f TOP=acme_cim STORAGE=u.x STORAGE_MODULE=m
expect "DUT=nothere.f is not a file" -- synth DUT=nothere.f TOP=acme_cim
expect "make regress does not take DUT=" -- regress DUT=examples/renamed/acme_cim.f TOP=acme_cim
expect "ROWS=... and the like go with DUT=FILELIST TOP=MODULE" -- coverage ROWS=16
expect "DUT=nothere.f is not a file" -- coverage DUT=nothere.f TOP=acme_cim
expect "ROWS=1x is not a decimal" -- coverage DUT=examples/renamed/acme_cim.f TOP=acme_cim ROWS=1x
expect "TOP=x-y is not a module name" -- formal DUT=examples/renamed/acme_cim.f TOP=x-y
expect "macro parameters come with DUT= and TOP=" -- lint ROWS=16
expect "give CHECK=cycle-exact" -- icarus DUT=examples/pipelined/acme_cim_pipe.f TOP=acme_cim_pipe
expect "TOP=my_macro needs DUT=FILELIST" -- icarus TOP=my_macro
exit $fail
