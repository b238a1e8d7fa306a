// SPDX-License-Identifier: Apache-2.0
// cim_port_checks: the kit's checks on the CIM ports (rtl/cim_macro_checks.svh: writes and reads
// held until taken, read data one cycle after the read and held after, a missing row read as
// zero, a response's data stable until taken, an error response all zero; rtl/
// cim_handshake_checks.svh: a request held until taken, a response and its error flag held until
// taken; and here, a response only for a request taken) as a module of its own, bound to a DUT's
// top that does not include them (cmake/opencim_dut.cmake binds it to every DUT but the kit's two
// macros, which include the checks themselves, the handshakes in their cim_ctrl). Every port is
// an input here (cim_port_check_ports.svh, generated from the one port list), connected by name
// to the DUT's. Its one register counts the requests taken and not yet answered.
`include "cim_params.svh"  // the width functions, the stand-ins
`include "cim_assert.svh"

module cim_port_checks #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter int ABITS = 8,
  `CIM_DUT_WIDTH_STANDINS  // what the widths read and a DUT does not take (one weight set)
`include "cim_port_widths.svh"
) (
`include "cim_port_check_ports.svh"
);
  `CIM_CHECKS_ON
`include "cim_macro_checks.svh"
`include "cim_handshake_checks.svh"

`ifndef FORMAL
  // A response only for a request taken (in the same cycle at the earliest). Not in a proof
  // (flow/dut/cim_dut_formal.sv): induction would start from counts the DUT's state cannot hold,
  // and a DUT's invariants cannot name this checker's register.
  logic req_taken;
  int unsigned outstanding_q;
  assign req_taken = req_valid_i && req_ready_o;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      outstanding_q <= 0;
    end else begin
      outstanding_q <= outstanding_q + 32'(req_taken) - 32'(rsp_taken);
    end
  end
  `CIM_ASSERT(RspOnlyForARequest, !rsp_valid_o || req_taken || outstanding_q != 0)
`endif
endmodule
