// SPDX-License-Identifier: Apache-2.0
// cim_dut_formal: a DUT (`CIM_DUT_TOP) beside the kit's port checks (rtl/cim_port_checks.sv), every
// port shared by name, for the formal flow (formal/formal.sh --dut): Yosys 0.23 reads a bind and
// drops it, so the checks are instantiated next to the DUT instead of inside it.
`include "cim_params.svh"

module cim_dut_formal #(
  `CIM_DIGITAL_PARAMS,
`include "cim_port_widths.svh"
) (
`include "cim_macro_ports.svh"
);
  `CIM_DUT_TOP #(`CIM_DIGITAL_DUT_PARAM_MAP) u_dut (.*);
  cim_port_checks #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ABITS(ABITS)) u_cim_port_checks (.*);
endmodule
