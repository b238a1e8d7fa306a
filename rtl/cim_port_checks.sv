// SPDX-License-Identifier: Apache-2.0
// cim_port_checks: the kit's checks on the CIM ports (rtl/cim_macro_checks.svh: writes and reads
// held until taken, read data one cycle after the read and held after, a missing row read as
// zero, a response's data stable until taken, an error response all zero) as a module of its own,
// bound to a DUT's top that does not include them (cmake/opencim_dut.cmake binds it to every DUT
// but the kit's two macros, which include the checks themselves). Every port is an input here
// (cim_port_check_ports.svh, generated from the one port list), connected by name to the DUT's;
// those no check reads (the request's) are connected all the same. No logic: checks only.
`include "cim_assert.svh"

module cim_port_checks #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter int ABITS = 8,
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int AbW  = $clog2(ABITS + 1),
  localparam int WbW  = $clog2(WBITS + 1),
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
) (
`include "cim_port_check_ports.svh"
);
  `CIM_CHECKS_ON
`include "cim_macro_checks.svh"
endmodule
