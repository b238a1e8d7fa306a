#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The behavioral crossbar reads its settings, its fault map and its ADC ranges the way the C++
# side documents them (docs/analog.md): a good value takes effect, a bad one stops the simulation
# naming the setting (or the file:line). Run in Icarus, the simulator a user drives by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files < rtl/analog/cim_analog_macro.f
iverilog -g2012 -Irtl -Iflow -s plusargs_tb -o "$work/tb.vvp" "${files[@]}" tb/plusargs_tb.sv || exit 1
printf '# a comment line\n1 1 0 - max  # the G- device of row 1, column 1\n\n' >"$work/faults.txt"
printf '1 1 0 x max\n' >"$work/bad_sign.txt"
printf '0 0 0 + min\n9 0 0 + min\n' >"$work/bad_row.txt"
printf '# col slice shift\n0 1 0  # column 0, slice 1\n\n' >"$work/ranges.txt"
printf '0 1 3\n' >"$work/bad_shift.txt"
printf '0 0 1\n2 0 0\n' >"$work/bad_col.txt"
fail=0
expect() {  # want-in-output plusargs...
  local want=$1 out; shift
  out=$(vvp -n "$work/tb.vvp" "$@" 2>&1)
  if grep -qF -- "$want" <<<"$out"; then echo "ok: $* -> $want"
  else echo "FAIL: $* printed '$out', want '$want'"; fail=1; fi
}
expect "g_max=25.000000 stuck(1,1,0,-)=0"
expect "g_max=30.000000" +cim_g_max=30
expect "setting +cim_g_max=abc is not a number" +cim_g_max=abc
expect "setting +cim_stuck_rate=5 is not a number in [0, 1]" +cim_stuck_rate=5
expect "setting +cim_read_sigma=-1 is not a number" +cim_read_sigma=-1
expect "setting +cim_prog_noise=2 is not 0 or 1" +cim_prog_noise=2
expect "setting g_min must be below g_max" +cim_g_min=30
expect "stuck(1,1,0,-)=2" "+cim_faults=$work/faults.txt"
expect "bad_sign.txt:1: not 'row col slice +|- min|max'" "+cim_faults=$work/bad_sign.txt"
expect "bad_row.txt:2: not 'row col slice +|- min|max'" "+cim_faults=$work/bad_row.txt"
expect "cannot open fault map" "+cim_faults=$work/missing.txt"
expect "shift(0,1)=2 shift(1,2)=2"
expect "shift(0,1)=0 shift(1,2)=2" "+cim_adc_shifts=$work/ranges.txt"
expect "shift(0,1)=0 shift(1,2)=0" +cim_adc_range=0.25
expect "bad_shift.txt:1: not 'col slice shift' in range (shift 0..2)" "+cim_adc_shifts=$work/bad_shift.txt"
expect "bad_col.txt:2: not 'col slice shift' in range" "+cim_adc_shifts=$work/bad_col.txt"
expect "cannot open ADC range file" "+cim_adc_shifts=$work/missing.txt"
exit $fail
