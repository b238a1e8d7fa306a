// cim_bitcell_mul: the bitcell-adjacent multiply. Every stored bit is ANDed with the activation bit
// on its wordline, which is a 1-bit x 1-bit product. Combinational.
module cim_bitcell_mul #(
  parameter int ROWS = 64,
  parameter int CW   = 128  // bits per wordline (COLS * WBITS)
) (
  input  logic [ROWS-1:0]    wl_i,
  input  logic [ROWS*CW-1:0] cells_i,  // row r's word in [r*CW +: CW]
  output logic [ROWS*CW-1:0] prod_o    // same layout as cells_i
);
  for (genvar r = 0; r < ROWS; r++) begin : g_row
    assign prod_o[r*CW +: CW] = cells_i[r*CW +: CW] & {CW{wl_i[r]}};
  end
endmodule
