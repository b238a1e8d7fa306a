// SPDX-License-Identifier: Apache-2.0
// The request and response handshake ports of a CIM macro, shared by cim_macro, cim_analog_macro
// (through cim_macro_ports.svh) and cim_ctrl (which sequences them): everything but rsp_data_o.
// Included inside a port list; expects ROWS, ABITS and the localparams AbW, WbW and SetW.
  input  logic                  req_valid_i,
  output logic                  req_ready_o,
  input  logic [ROWS*ABITS-1:0] req_act_i,
  input  logic [AbW-1:0]        req_abits_i,
  input  logic [WbW-1:0]        req_wbits_i,
  input  logic                  req_asigned_i,
  input  logic                  req_wsigned_i,
  input  logic [SetW-1:0]       req_wset_i,

  output logic                  rsp_valid_o,
  input  logic                  rsp_ready_i,
  output logic                  rsp_err_o,
