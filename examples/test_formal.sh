#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make formal DUT=... on the three example DUTs: the kit's port checks beside each, proved from
# reset and by induction; then acme_cim with the held-out mutant of its weight store (a read one
# row past the array) must fail on MissingRowReadsZero, and acme_cim_pipe without its invariants
# must fail the induction step only (docs/your-macro.md). Usage: examples/test_formal.sh OUT
set -uo pipefail
out=$1
cd "$(dirname "$0")/.."
fail=0
for dut in renamed/acme_cim pipelined/acme_cim_pipe behavioral/tiny_cim; do
  formal/formal.sh --dut "$out/${dut##*/}" DUT="examples/$dut.f" TOP="${dut##*/}" || fail=1
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s/(rd_row_i < RowW'(ROWS))/(rd_row_i <= RowW'(ROWS))/" rtl/cim_weight_store.sv >"$work/cim_weight_store.sv"
cmp -s rtl/cim_weight_store.sv "$work/cim_weight_store.sv" && { echo "FAIL: the mutation did not apply"; exit 1; }
sed "s|^rtl/cim_weight_store.sv|$work/cim_weight_store.sv|" examples/renamed/acme_cim.f >"$work/acme_cim.f"
# refuted WHAT OUT FILELIST TOP WANT: make formal on that DUT fails, saying WANT.
refuted() {
  local result
  if result=$(formal/formal.sh --dut "$out/$2" DUT="$3" TOP="$4"); then
    echo "FAIL: $1 was proved: $result"; fail=1
  elif grep -qF "$5" <<<"$result"; then
    echo "ok: $1 fails: $(head -1 <<<"$result" | cut -c1-140)"
  else
    echo "FAIL: $1 failed otherwise (not '$5'): $result"; fail=1
  fi
}
refuted "acme_cim reading past its array" mutant "$work/acme_cim.f" acme_cim "MissingRowReadsZero"
# The worked invariant of docs/your-macro.md: acme_cim_pipe with neither its nor acme_cim's
# `ifdef FORMAL invariant holds from reset but fails the induction step, and says so.
sed '/`ifdef FORMAL/,/`endif/d' examples/pipelined/acme_cim_pipe.sv >"$work/acme_cim_pipe.sv"
sed '/`ifdef FORMAL/,/`endif/d' examples/renamed/acme_cim.sv >"$work/acme_cim.sv"
sed "s|^examples/renamed/acme_cim.sv|$work/acme_cim.sv|" examples/renamed/acme_cim.f >"$work/acme_noinv.f"
sed "s|^examples/pipelined/acme_cim_pipe.sv|$work/acme_cim_pipe.sv|; s|^-f examples/renamed/acme_cim.f|-f $work/acme_noinv.f|" \
  examples/pipelined/acme_cim_pipe.f >"$work/pipe.f"
grep -q "$work/acme_noinv.f" "$work/pipe.f" || { echo "FAIL: acme_cim_pipe.f no longer reads acme_cim.f"; exit 1; }
refuted "acme_cim_pipe without its invariants" no_invariant "$work/pipe.f" acme_cim_pipe \
  "ErrorResponseIsZero (in the induction step only"
exit $fail
