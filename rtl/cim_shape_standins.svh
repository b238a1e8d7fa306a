// SPDX-License-Identifier: Apache-2.0
// In-range stand-ins of the shape parameters both macros take (ROWS, COLS, WBITS, ABITS), behind
// their ports: cim_assert.svh's CIM_STANDIN says why. Included in each macro's body, after its
// parameter check; the macro's own parameters' stand-ins follow in the macro.
  localparam int Rows  = `CIM_STANDIN(ROWS, cim_pkg::RowsMin, cim_pkg::RowsMax);
  localparam int Cols  = `CIM_STANDIN(COLS, cim_pkg::ColsMin, cim_pkg::ColsMax);
  localparam int Wbits = `CIM_STANDIN(WBITS, cim_pkg::WbitsMin, cim_pkg::WbitsMax);
  localparam int Abits = `CIM_STANDIN(ABITS, cim_pkg::AbitsMin, cim_pkg::AbitsMax);
