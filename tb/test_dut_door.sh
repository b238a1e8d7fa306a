#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The DUT door as a new user meets it (docs/your-macro.md):
#   - a fork of the kit's RTL (modules, package and files renamed cim_ -> hx_, every CIM_* macro
#     and include guard kept: it defines every macro and guard name of the kit's RTL) passes the
#     configure-time port check, make lint (its ports too) and make icarus cycle-exact: what the
#     kit compiles beside it is the kit layer's (flow/kit_layer.sh), which nothing it defines hides;
#   - a TOP that no source declares is named as such at configure time; a filelist read through
#     another (-f), and one that includes itself refused;
#   - a DUT without rsp_err_o is refused by make lint and at configure time, naming the port, and
#     one with a port of another width too; the port list docs/your-macro.md gives to copy passes;
#   - a DUT that takes a name of the kit layer (a module opencim_port_checks) is refused, naming it,
#     at configure time and by make lint.
# Usage: tb/test_dut_door.sh CIMSIM (from the repository root)
set -uo pipefail
cimsim=$(realpath "$1")
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# The fork: the digital macro's files, every cim_ name hx_, in the filelist's order.
mkdir -p "$work/fork"
for f in rtl/*.sv rtl/*.svh; do
  n=$(basename "$f")
  sed -E 's/\bcim_/hx_/g' "$f" >"$work/fork/${n/cim_/hx_}"
done
{ echo "+incdir+$work/fork"
  sed -E "s|^rtl/cim_|$work/fork/hx_|" rtl/cim_macro.f; } >"$work/fork.f"
grep -q '`define CIM_PKG_SV' "$work/fork/hx_pkg.sv" || bad "the fork lost the kit's package guard"

# configure DUT.f TOP: the configure-time check of opencim_add_dut alone, in a project of its own.
configure() {
  mkdir -p "$work/cfg"
  cat >"$work/cfg/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(door NONE)
include($root/cmake/opencim_dut.cmake)
opencim_add_dut(NAME door TOP $2 FILELIST $1 BASE $root)
CMAKE
  rm -rf "$work/cfg/b"
  cmake -S "$work/cfg" -B "$work/cfg/b" >"$work/cfg.log" 2>&1
}

# The fork's list read through another (-f), and a list that includes itself refused.
echo "-f $work/fork.f" >"$work/outer.f"
echo "-f $work/self.f" >"$work/self.f"
if out=$(flow/filelist.sh "$work/self.f" "$root" 2>&1); then bad "a filelist that includes itself was read"
else ok "a filelist that includes itself: $out"; fi

if configure "$work/outer.f" hx_macro; then ok "the fork passes the configure-time port check"
else bad "the fork at configure: $(grep -A8 'Error' "$work/cfg.log" | head -12)"; fi
if out=$(tb/lint.sh DUT="$work/fork.f" TOP=hx_macro ROWS=16 COLS=4 2>&1); then
  ok "make lint on the fork: $(grep 'lint clean' <<<"$out" | head -1)"
else bad "make lint on the fork: $(tail -8 <<<"$out")"; fi
if out=$(tb/icarus/run.sh --icarus-only "$cimsim" "$work/icarus" 60 DUT="$work/fork.f" TOP=hx_macro \
           CHECK=cycle-exact ROWS=16 COLS=4 2>&1); then
  ok "make icarus on the fork: $(grep -i pass <<<"$out" | head -1)"
else bad "make icarus on the fork: $(tail -8 <<<"$out")"; fi

# The port list to copy (docs/your-macro.md) passes the port check as it is, and one port made
# wider is refused, naming it.
mkdir -p "$work/copy" "$work/wide"
sed -n '/<!-- port-list:begin -->/,/<!-- port-list:end -->/p' docs/your-macro.md | grep -v '^<!--\|^```' \
  >"$work/copy/my_macro.sv"
sed 's/output logic rsp_err_o/output logic [1:0] rsp_err_o/' "$work/copy/my_macro.sv" >"$work/wide/my_macro.sv"
flow/kit_layer.sh "$work/kit" >/dev/null
if out=$(flow/dut_ports.sh "$work/kit" my_macro digital -- "$work/copy/my_macro.sv" 2>&1); then
  ok "the port list of docs/your-macro.md passes the port check"
else bad "the port list of docs/your-macro.md: $out"; fi
if out=$(flow/dut_ports.sh "$work/kit" my_macro digital -- "$work/wide/my_macro.sv" 2>&1); then
  bad "a 2-bit rsp_err_o passed the port check"
elif grep -q "'rsp_err_o' expects 2 bits" <<<"$out"; then ok "a 2-bit rsp_err_o: $(tail -1 <<<"$out")"
else bad "a 2-bit rsp_err_o: $out"; fi

# A top that is not in the filelist.
if configure "$work/fork.f" hx_nosuch; then bad "TOP=hx_nosuch configured"
elif grep -q "no module hx_nosuch in the DUT's sources" "$work/cfg.log"; then
  ok "TOP=hx_nosuch: $(grep -o 'no module hx_nosuch[^;]*' "$work/cfg.log" | head -1)"
else bad "TOP=hx_nosuch: $(grep -A6 'Error' "$work/cfg.log" | head -8)"; fi

# A DUT without rsp_err_o (tiny_cim with the port named otherwise).
mkdir -p "$work/noerr" "$work/taken"
sed 's/rsp_err_o/rsp_fault_o/g' examples/behavioral/tiny_cim.sv >"$work/noerr/tiny_cim.sv"
echo "$work/noerr/tiny_cim.sv" >"$work/noerr.f"
if out=$(tb/lint.sh DUT="$work/noerr.f" TOP=tiny_cim ROWS=23 COLS=3 WBITS=5 ABITS=3 2>&1); then
  bad "make lint took a DUT without rsp_err_o"
elif grep -q "rsp_err_o" <<<"$out"; then ok "make lint without rsp_err_o: $(grep -m1 rsp_err_o <<<"$out")"
else bad "make lint without rsp_err_o did not name it: $(tail -6 <<<"$out")"; fi
if configure "$work/noerr.f" tiny_cim; then bad "a DUT without rsp_err_o configured"
elif grep -q "rsp_err_o" "$work/cfg.log"; then ok "configure without rsp_err_o names it"
else bad "configure without rsp_err_o: $(grep -A6 'Error' "$work/cfg.log" | head -8)"; fi

# A DUT that declares a module of the kit layer's namespace: the collision is named.
{ cat examples/behavioral/tiny_cim.sv; echo "module opencim_port_checks; endmodule"; } \
  >"$work/taken/tiny_cim.sv"
echo "$work/taken/tiny_cim.sv" >"$work/taken.f"
if configure "$work/taken.f" tiny_cim; then bad "a DUT declaring opencim_port_checks configured"
elif grep -q "the DUT declares opencim_port_checks" "$work/cfg.log"; then
  ok "a DUT declaring opencim_port_checks: $(grep -m1 -o 'the DUT declares opencim_port_checks[^;]*' "$work/cfg.log")"
else bad "the collision was not named: $(grep -A6 'Error' "$work/cfg.log" | head -8)"; fi
if out=$(tb/lint.sh DUT="$work/taken.f" TOP=tiny_cim ROWS=23 COLS=3 WBITS=5 ABITS=3 2>&1); then
  bad "make lint took a DUT declaring opencim_port_checks"
elif grep -q "the DUT declares opencim_port_checks" <<<"$out"; then ok "make lint names it too"
else bad "make lint did not name the collision: $(tail -6 <<<"$out")"; fi
exit $fail
