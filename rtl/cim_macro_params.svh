// SPDX-License-Identifier: Apache-2.0
// The parameters every CIM macro has, and the port widths they give; shared by cim_macro and
// cim_analog_macro. Included inside a parameter list, last.
  parameter int ROWS            = 64,  // wordlines = input vector length
  parameter int COLS            = 16,  // output channels
  parameter int WBITS           = 8,   // stored weight bits per channel
  parameter int ABITS           = 8,   // activation bits
  parameter int ABITS_PER_CYCLE = 1,   // activation bits broadcast per array cycle
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int AbW  = $clog2(ABITS + 1),
  localparam int WbW  = $clog2(WBITS + 1),
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
