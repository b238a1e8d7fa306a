// SPDX-License-Identifier: Apache-2.0
// acme_cim's ports (the CIM ports, docs/macro.md), shared by acme_cim and acme_cim_pipe: included
// inside a port list; expects the parameters of acme_cim_params.svh. One weight set: the three set
// ports are 1 bit and ignored.
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  wr_valid_i,
  output logic                  wr_ready_o,
  input  logic                  wr_wset_i,
  input  logic [RowW-1:0]       wr_row_i,
  input  logic [COLS*WBITS-1:0] wr_data_i,
  input  logic                  rd_valid_i,
  output logic                  rd_ready_o,
  input  logic                  rd_wset_i,
  input  logic [RowW-1:0]       rd_row_i,
  output logic [COLS*WBITS-1:0] rd_data_o,
  output logic                  rd_data_valid_o,
  input  logic                  req_valid_i,
  output logic                  req_ready_o,
  input  logic [ROWS*ABITS-1:0] req_act_i,
  input  logic [AbW-1:0]        req_abits_i,
  input  logic [WbW-1:0]        req_wbits_i,
  input  logic                  req_asigned_i,
  input  logic                  req_wsigned_i,
  input  logic                  req_wset_i,
  output logic                  rsp_valid_o,
  input  logic                  rsp_ready_i,
  output logic                  rsp_err_o,
  output logic [COLS*OUTW-1:0]  rsp_data_o
