// SPDX-License-Identifier: Apache-2.0
// cim_bitcell_mul: the bitcell-adjacent multiply. Every stored bit is ANDed with the activation
// bit on each of its row's ABITS_PER_CYCLE wordlines (one lane per activation bit processed per
// cycle), which is a 1-bit x 1-bit product per lane. Combinational.
module cim_bitcell_mul #(
  parameter int ROWS            = 64,
  parameter int CW              = 128,  // bits per wordline (COLS * WBITS)
  parameter int ABITS_PER_CYCLE = 1
) (
  // Row r, lane p in [r*ABITS_PER_CYCLE + p]; row r's word in [r*CW +: CW]; the product of row r,
  // lane p in [(r*ABITS_PER_CYCLE + p)*CW +: CW].
  input  logic [ROWS*ABITS_PER_CYCLE-1:0]    wl_i,
  input  logic [ROWS*CW-1:0]                 cells_i,
  output logic [ROWS*ABITS_PER_CYCLE*CW-1:0] prod_o
);
  for (genvar r = 0; r < ROWS; r++) begin : g_row
    for (genvar p = 0; p < ABITS_PER_CYCLE; p++) begin : g_lane
      assign prod_o[(r*ABITS_PER_CYCLE + p)*CW +: CW] =
          cells_i[r*CW +: CW] & {CW{wl_i[r*ABITS_PER_CYCLE + p]}};
    end
  end
endmodule
