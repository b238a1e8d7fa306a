// SPDX-License-Identifier: Apache-2.0
// The ports of a CIM macro, shared by cim_macro and cim_analog_macro (docs/macro.md describes
// each): the whole port list, its request/response handshake from cim_compute_ports.svh (which
// cim_ctrl shares). Expects ROWS, COLS, WBITS, ABITS and the localparams RowW, SetW, AbW, WbW,
// OUTW (cim_port_widths.svh).
  input  logic                  clk_i,
  input  logic                  rst_ni,

  input  logic                  wr_valid_i,
  output logic                  wr_ready_o,
  input  logic [SetW-1:0]       wr_wset_i,
  input  logic [RowW-1:0]       wr_row_i,
  input  logic [COLS*WBITS-1:0] wr_data_i,

  input  logic                  rd_valid_i,
  output logic                  rd_ready_o,
  input  logic [SetW-1:0]       rd_wset_i,
  input  logic [RowW-1:0]       rd_row_i,
  output logic [COLS*WBITS-1:0] rd_data_o,
  output logic                  rd_data_valid_o,

`include "cim_compute_ports.svh"
  output logic [COLS*OUTW-1:0]  rsp_data_o
