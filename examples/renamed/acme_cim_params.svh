// SPDX-License-Identifier: Apache-2.0
// acme_cim's parameters (the ones the kit sets, docs/your-macro.md) and the widths they give,
// shared by acme_cim and acme_cim_pipe: included inside a parameter list.
  parameter int ROWS            = 64,
  parameter int COLS            = 16,
  parameter int WBITS           = 8,
  parameter int ABITS           = 8,
  parameter int ABITS_PER_CYCLE = 1,
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int AbW  = $clog2(ABITS + 1),
  localparam int WbW  = $clog2(WBITS + 1),
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
