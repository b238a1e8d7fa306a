// SPDX-License-Identifier: Apache-2.0
// cim_weight_store: the ROWS x COLS x WBITS bitcell array, written and read a wordline at a time.
//
// Storage flops have no reset, like SRAM bitcells: weights survive rst_ni. A write lands at the
// clock edge that accepts it. A read returns the row as it was before that edge (a write to the
// same row in the same cycle is not seen) on rd_data_o one cycle later, with rd_data_valid_o high
// for that one cycle; rd_data_o then holds until the next read. Rows >= ROWS (possible when ROWS
// is not a power of two) do not exist: writes to them are dropped and reads return zero.
// The whole array is also presented, row-major, to the compute path on cells_o.
module cim_weight_store #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  localparam int RowW = cim_pkg::vbits(ROWS),
  localparam int CW   = COLS * WBITS
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               wr_en_i,
  input  logic [RowW-1:0]    wr_row_i,
  input  logic [CW-1:0]      wr_data_i,
  input  logic               rd_en_i,
  input  logic [RowW-1:0]    rd_row_i,
  output logic [CW-1:0]      rd_data_o,
  output logic               rd_data_valid_o,
  output logic [ROWS*CW-1:0] cells_o      // row r's word in [r*CW +: CW]
);
  logic [ROWS*CW-1:0] cells_q;
  logic [CW-1:0]      rd_word;

  for (genvar r = 0; r < ROWS; r++) begin : g_row
    always_ff @(posedge clk_i) begin
      if (wr_en_i && wr_row_i == RowW'(r)) begin
        cells_q[r*CW +: CW] <= wr_data_i;
      end
    end
  end

  if (ROWS == (1 << RowW)) begin : g_rd_all_rows
    assign rd_word = cells_q[rd_row_i*CW +: CW];
  end else begin : g_rd_guarded
    assign rd_word = (rd_row_i < RowW'(ROWS)) ? cells_q[rd_row_i*CW +: CW] : '0;
  end

  cim_read_reg #(
    .W(CW)
  ) u_read (
    .clk_i,
    .rst_ni,
    .en_i   (rd_en_i),
    .data_i (rd_word),
    .data_o (rd_data_o),
    .valid_o(rd_data_valid_o)
  );

  assign cells_o         = cells_q;
endmodule
