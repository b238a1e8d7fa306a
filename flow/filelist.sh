#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A DUT's filelist (docs/your-macro.md), read in one place for every flow: CMake's opencim_add_dut,
# make lint/synth DUT=..., the Icarus runner. The format is Verilator's -f, reduced: one source
# file a line, +incdir+DIR for a folder of headers, -f FILELIST for another list read in its
# place, // or # comments, blank lines; relative paths from BASE. Prints "source ABSPATH" and
# "incdir ABSPATH" lines in the file's order (and "filelist ABSPATH" for each list read through -f,
# which a build depends on too); a missing file or folder, an unknown option, a list that includes
# itself, or no source at all exits 2 naming the file and line.
#
#   flow/filelist.sh FILELIST BASE
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: flow/filelist.sh FILELIST BASE" >&2; exit 2; }
list=$1 base=$2
die() { echo "$1" >&2; exit 2; }
[ -f "$list" ] || die "DUT filelist '$list' does not exist or is not a file"
[ -d "$base" ] || die "DUT filelist base '$base' is not a folder"
abs() { if [[ $1 == /* ]]; then echo "$1"; else echo "$base/$1"; fi; }
sources=0
# read_list FILE DEPTH: FILE's lines, a -f FILE line read in its place (at most 8 deep: a list that
# includes itself is refused).
read_list() {
  local list=$1 depth=$2 n=0 line dir path
  (( depth <= 8 )) || die "$list: filelists nested more than 8 deep (does one include itself?)"
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line=${line#"${line%%[![:space:]]*}"} line=${line%"${line##*[![:space:]]}"}
    [[ -z $line || $line == //* || $line == \#* ]] && continue
    if [[ $line == +incdir+* ]]; then
      dir=$(abs "${line#+incdir+}")
      [ -d "$dir" ] || die "$list:$n: include folder '${line#+incdir+}' does not exist ($dir)"
      echo "incdir $(realpath "$dir")"
    elif [[ $line =~ ^-f[[:space:]]+(.+)$ ]]; then
      path=$(abs "${BASH_REMATCH[1]}")
      [ -f "$path" ] || die "$list:$n: filelist '${BASH_REMATCH[1]}' does not exist ($path)"
      echo "filelist $(realpath "$path")"
      read_list "$path" $((depth + 1))
    elif [[ $line == [-+]* ]]; then
      die "$list:$n: '$line' is not a source file, +incdir+DIR or -f FILELIST (the options a DUT filelist takes)"
    else
      path=$(abs "$line")
      [ -f "$path" ] || die "$list:$n: source '$line' does not exist ($path)"
      echo "source $(realpath "$path")"
      sources=$((sources + 1))
    fi
  done <"$list"
}
# The sources are counted in this shell: the listing goes through a file, not a pipe.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
read_list "$list" 0 >"$out" || exit 2
cat "$out"
[ $sources -gt 0 ] || die "DUT filelist '$list' names no source file"
