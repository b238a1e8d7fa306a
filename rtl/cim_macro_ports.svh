// The write and read ports of a CIM macro, shared by cim_macro and cim_analog_macro (docs/macro.md
// describes each). Included inside a port list, after clk_i and rst_ni; expects ROWS, COLS,
// WBITS, ABITS and the localparams RowW, AbW, WbW, OUTW (cim_macro_params.svh), and is followed
// by cim_compute_ports.svh and rsp_data_o.
  input  logic                  wr_valid_i,
  output logic                  wr_ready_o,
  input  logic [RowW-1:0]       wr_row_i,
  input  logic [COLS*WBITS-1:0] wr_data_i,

  input  logic                  rd_valid_i,
  output logic                  rd_ready_o,
  input  logic [RowW-1:0]       rd_row_i,
  output logic [COLS*WBITS-1:0] rd_data_o,
  output logic                  rd_data_valid_o,
