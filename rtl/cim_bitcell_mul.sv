// SPDX-License-Identifier: Apache-2.0
// cim_bitcell_mul: the bitcell-adjacent multiply. Every stored bit is ANDed with the activation
// bit on each of its row's ABITS_PER_CYCLE wordlines (one lane per activation bit processed per
// cycle), which is a 1-bit x 1-bit product per lane. With WSETS weight sets, each compute cell
// first selects its bit of the set wset_i names (a multiplexer per cell, counted here as compute
// logic, not storage). Combinational.
`include "cim_pkg.sv"  // its width functions
module cim_bitcell_mul #(
  parameter int ROWS            = 64,
  parameter int CW              = 128,  // bits per wordline (COLS * WBITS)
  parameter int ABITS_PER_CYCLE = 1,
  parameter int WSETS           = 1,
  localparam int SetW = cim_pkg::vbits(WSETS)
) (
  // Row r, lane p in [r*ABITS_PER_CYCLE + p]; set s's row r word in [(s*ROWS + r)*CW +: CW]; the
  // product of row r, lane p in [(r*ABITS_PER_CYCLE + p)*CW +: CW].
  input  logic [ROWS*ABITS_PER_CYCLE-1:0]    wl_i,
  input  logic [SetW-1:0]                    wset_i,
  input  logic [WSETS*ROWS*CW-1:0]           cells_i,
  output logic [ROWS*ABITS_PER_CYCLE*CW-1:0] prod_o
);
  logic [ROWS*CW-1:0] cells;  // the computed set's
  if (WSETS > 1) begin : g_sets
    // A one-hot AND-OR per cell (an indexed part select of the whole array is a shifter Yosys
    // takes minutes to flatten).
    logic [WSETS-1:0] sel;
    for (genvar s = 0; s < WSETS; s++) begin : g_sel
      assign sel[s] = (wset_i == SetW'(s));
    end
    always_comb begin
      cells = '0;
      for (int s = 0; s < WSETS; s++) cells |= cells_i[s*ROWS*CW +: ROWS*CW] & {ROWS*CW{sel[s]}};
    end
  end else begin : g_one_set
    logic [SetW-1:0] unused_wset;
    assign unused_wset = wset_i;
    assign cells = cells_i;
  end

  for (genvar r = 0; r < ROWS; r++) begin : g_row
    for (genvar p = 0; p < ABITS_PER_CYCLE; p++) begin : g_lane
      assign prod_o[(r*ABITS_PER_CYCLE + p)*CW +: CW] =
          cells[r*CW +: CW] & {CW{wl_i[r*ABITS_PER_CYCLE + p]}};
    end
  end
endmodule
