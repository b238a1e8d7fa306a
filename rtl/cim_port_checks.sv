// SPDX-License-Identifier: Apache-2.0
// cim_port_checks: the kit's checks on the CIM ports (rtl/cim_macro_checks.svh: writes and reads
// held until taken, read data one cycle after the read and held after, a missing row read as
// zero, a response's data stable until taken, an error response all zero) as a module of its own,
// bound to a DUT's top that does not include them (cmake/opencim_dut.cmake binds it to every DUT
// but the kit's two macros, which include the checks themselves). Every port is an input here,
// connected by name to the DUT's. No logic: checks only.
`include "cim_assert.svh"

module cim_port_checks #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter int ABITS = 8,
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
) (
  input logic                  clk_i,
  input logic                  rst_ni,
  input logic                  wr_valid_i,
  input logic                  wr_ready_o,
  input logic [RowW-1:0]       wr_row_i,
  input logic [COLS*WBITS-1:0] wr_data_i,
  input logic                  rd_valid_i,
  input logic                  rd_ready_o,
  input logic [RowW-1:0]       rd_row_i,
  input logic [COLS*WBITS-1:0] rd_data_o,
  input logic                  rd_data_valid_o,
  input logic                  rsp_valid_o,
  input logic                  rsp_ready_i,
  input logic                  rsp_err_o,
  input logic [COLS*OUTW-1:0]  rsp_data_o
);
  `CIM_CHECKS_ON
`include "cim_macro_checks.svh"
endmodule
