// cim_bitcell_mul: the bitcell-adjacent multiply. Every stored bit is ANDed with the activation
// bit on each of its row's LANES wordlines (one per activation bit processed per cycle), which is
// a 1-bit x 1-bit product per lane. Combinational.
module cim_bitcell_mul #(
  parameter int ROWS  = 64,
  parameter int CW    = 128,  // bits per wordline (COLS * WBITS)
  parameter int LANES = 1
) (
  input  logic [ROWS*LANES-1:0]    wl_i,     // row r, lane p in [r*LANES + p]
  input  logic [ROWS*CW-1:0]       cells_i,  // row r's word in [r*CW +: CW]
  output logic [ROWS*LANES*CW-1:0] prod_o    // row r, lane p's word in [(r*LANES + p)*CW +: CW]
);
  for (genvar r = 0; r < ROWS; r++) begin : g_row
    for (genvar p = 0; p < LANES; p++) begin : g_lane
      assign prod_o[(r*LANES + p)*CW +: CW] = cells_i[r*CW +: CW] & {CW{wl_i[r*LANES + p]}};
    end
  end
endmodule
