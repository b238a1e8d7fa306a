#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cimsim --activity writes one OpenSTA set_power_activity line per input port bit (all but clk_i),
# each with an activity in [0, 1] transitions per cycle and a duty in [0, 1].
set -euo pipefail
cimsim=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$cimsim" --no-progress --traffic quiet --count 100 --activity "$out" >/dev/null
# default macro: rst_ni, wr_valid_i, wr_wset_i, wr_row_i[6], wr_data_i[128], rd_valid_i, rd_wset_i,
# rd_row_i[6], req_valid_i, req_act_i[512], req_abits_i[4], req_wbits_i[4], req_asigned_i,
# req_wsigned_i, req_wset_i, rsp_ready_i
want=670
got=$(grep -c '^set_power_activity -input_ports \[get_ports {[a-z_]*\(\[[0-9]*\]\)\?}\] -activity [0-9.e-]* -duty [0-9.e-]*$' "$out")
[ "$got" -eq "$want" ] || { echo "FAIL: $got well-formed lines, want $want"; head -5 "$out"; exit 1; }
awk '/^set_power_activity/ { if ($6 < 0 || $6 > 1 || $8 < 0 || $8 > 1) { print "FAIL: out of range: " $0; bad = 1 } }
     END { exit bad }' "$out"
# The activations change with every request: their bits must toggle; the write port must not.
awk '/req_act_i\[0\]/ && $6 == 0 { print "FAIL: req_act_i[0] never toggled"; exit 1 }
     /wr_valid_i/ && $6 != 0 { print "FAIL: wr_valid_i toggled during MVMs"; exit 1 }' "$out"
echo "ok: $got activity lines"
