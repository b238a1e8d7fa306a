#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A DUT's filelist (docs/your-macro.md), read in one place for every flow: CMake's opencim_add_dut,
# make lint/synth DUT=..., the Icarus runner. The format is Verilator's -f, reduced: one source
# file a line, +incdir+DIR for a folder of headers, // or # comments, blank lines; relative paths
# from BASE. Prints "source ABSPATH" and "incdir ABSPATH" lines in the file's order; a missing file
# or folder, an unknown option, or no source at all exits 2 naming the file and line.
#
#   flow/filelist.sh FILELIST BASE
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: flow/filelist.sh FILELIST BASE" >&2; exit 2; }
list=$1 base=$2
die() { echo "$1" >&2; exit 2; }
[ -f "$list" ] || die "DUT filelist '$list' does not exist or is not a file"
[ -d "$base" ] || die "DUT filelist base '$base' is not a folder"
abs() { if [[ $1 == /* ]]; then echo "$1"; else echo "$base/$1"; fi; }
n=0 sources=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  line=${line#"${line%%[![:space:]]*}"} line=${line%"${line##*[![:space:]]}"}
  [[ -z $line || $line == //* || $line == \#* ]] && continue
  if [[ $line == +incdir+* ]]; then
    dir=$(abs "${line#+incdir+}")
    [ -d "$dir" ] || die "$list:$n: include folder '${line#+incdir+}' does not exist ($dir)"
    echo "incdir $(realpath "$dir")"
  elif [[ $line == [-+]* ]]; then
    die "$list:$n: '$line' is not a source file or +incdir+DIR (the only option a DUT filelist takes)"
  else
    path=$(abs "$line")
    [ -f "$path" ] || die "$list:$n: source '$line' does not exist ($path)"
    echo "source $(realpath "$path")"
    sources=$((sources + 1))
  fi
done <"$list"
[ $sources -gt 0 ] || die "DUT filelist '$list' names no source file"
