// SPDX-License-Identifier: Apache-2.0
// The port widths of a CIM macro (cim_macro_ports.svh), from its parameters: included inside a
// parameter list, last, after the macro's own (`CIM_DIGITAL_PARAMS, `CIM_ANALOG_PARAMS of
// cim_params.svh; WSETS too: a macro without weight sets, and cim_port_checks, declare it 1). The
// formulas are cim_pkg's (cim_widths.svh).
  localparam int RowW = cim_pkg::vbits(ROWS),
  localparam int SetW = cim_pkg::vbits(WSETS),  // the weight-set ports (1 bit, ignored, with one set)
  localparam int AbW  = cim_pkg::count_w(ABITS),
  localparam int WbW  = cim_pkg::count_w(WBITS),
  localparam int OUTW = cim_pkg::out_w(ROWS, WBITS, ABITS)
