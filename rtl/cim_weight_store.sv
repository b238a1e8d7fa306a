// SPDX-License-Identifier: Apache-2.0
// cim_weight_store: WSETS weight sets of ROWS x COLS x WBITS bitcells, written and read a wordline
// (of one set) at a time, one set presented to the compute path.
//
// The bitcells have no reset, like SRAM bitcells: weights survive rst_ni. A write accepted in
// cycle k is in its row for every edge from the one ending cycle k+1 on. A read returns the row as it was in the cycle that
// accepts it (a write to the same row in the same cycle is not seen) on rd_data_o one cycle later,
// with rd_data_valid_o high for that one cycle; rd_data_o then holds until the next read. Rows >=
// ROWS (possible when ROWS is not a power of two) do not exist: writes to them are dropped and
// reads return zero. Every set is presented, set by set and row-major, to the compute path on
// cells_o (cim_bitcell_mul selects the computed one); a write to one set never disturbs a compute
// with another (cim_ctrl says when which set may be written). With WSETS = 1 the set ports are
// ignored.
//
// Two storages, the same behaviour at the ports:
//   SCM = 0  flip-flops with a write enable, every one clocked every cycle.
//   SCM = 1  a standard-cell memory (the latch register files of PULP): a latch per bit, its row
//            clocked through its own clock gate (cim_clock_gate) only after a write to it (and the
//            register of the written word only by a write). A
//            latch is about half a flip-flop (56 against 96 um2 in OSU 0.18 um) and needs no
//            enable multiplexer, and a row not written sees no clock edge. A write accepted in
//            cycle k is registered (the word, and its row one-hot) at the edge ending it; the row's
//            latches are transparent in the second half of cycle k+1 and hold from the edge
//            ending it. So every edge samples a settled array: the write lands between edges, in
//            any simulator as in silicon. The word is there for reads accepted in cycle k+1 (a
//            half-cycle path, the read multiplexer) and for computes from cycle k+2: cim_macro
//            takes no request in a cycle that takes a write (req_hold_i of cim_ctrl).
`include "cim_pkg.sv"  // its width functions
`include "cim_flop.svh"
module cim_weight_store #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter bit SCM   = 1'b0,
  parameter int WSETS = 1,  // 1, 2 or 4
  localparam int RowW = cim_pkg::vbits(ROWS),
  localparam int SetW = cim_pkg::vbits(WSETS),
  localparam int CW   = COLS * WBITS,
  localparam int Words = WSETS * ROWS  // set s, row r: word s * ROWS + r
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               wr_en_i,
  input  logic [SetW-1:0]    wr_wset_i,
  input  logic [RowW-1:0]    wr_row_i,
  input  logic [CW-1:0]      wr_data_i,
  input  logic               rd_en_i,
  input  logic [SetW-1:0]    rd_wset_i,
  input  logic [RowW-1:0]    rd_row_i,
  output logic [CW-1:0]      rd_data_o,
  output logic               rd_data_valid_o,
  output logic [Words*CW-1:0] cells_o    // set s's row r word in [(s*ROWS + r)*CW +: CW]
);
  logic [Words*CW-1:0] cells_q;
  logic [CW-1:0]       rd_word;
  logic [Words-1:0]    wr_word;  // the word a write goes to, one-hot (none: no write, or no row)

  if (WSETS > 1) begin : g_sets
    for (genvar w = 0; w < Words; w++) begin : g_wr_decode
      assign wr_word[w] = wr_en_i && wr_wset_i == SetW'(w / ROWS) && wr_row_i == RowW'(w % ROWS);
    end
  end else begin : g_one_set
    logic [2*SetW-1:0] unused_sets;  // one set: the set inputs are ignored
    assign unused_sets = {wr_wset_i, rd_wset_i};
    for (genvar w = 0; w < Words; w++) begin : g_wr_decode
      assign wr_word[w] = wr_en_i && wr_row_i == RowW'(w);
    end
  end

  if (SCM) begin : g_scm
    logic [CW-1:0]    wdata_q;   // the word written in the previous cycle
    logic [Words-1:0] row_wr_q;  // its row, one-hot (none: no write)
    logic            wdata_clk;
    // The word's register is clocked only by a write, too: no enable multiplexer, no clock
    // edge while the array computes.
    cim_clock_gate #(
      .LOW_PHASE(1'b0)
    ) u_wdata_gate (
      .clk_i,
      .en_i (wr_en_i),
      .clk_o(wdata_clk)
    );
    always_ff @(posedge wdata_clk) begin
      wdata_q <= wr_data_i;
    end
    `CIM_FLOP(row_wr_q, wr_word, '0)
    for (genvar r = 0; r < Words; r++) begin : g_row
      logic row_clk;
      cim_clock_gate #(
        .LOW_PHASE(1'b1)
      ) u_gate (
        .clk_i,
        .en_i (row_wr_q[r]),
        .clk_o(row_clk)
      );
      always_latch begin
        if (row_clk) cells_q[r*CW +: CW] = wdata_q;
      end
    end
  end else begin : g_ff
    for (genvar r = 0; r < Words; r++) begin : g_row
      always_ff @(posedge clk_i) begin
        if (wr_word[r]) begin
          cells_q[r*CW +: CW] <= wr_data_i;
        end
      end
    end
  end

  // Each set's row rd_row_i, then the set (one-hot AND-OR): two small multiplexers rather than
  // one index product.
  logic [WSETS*CW-1:0] rd_set_words;
  for (genvar s = 0; s < WSETS; s++) begin : g_rd_set
    logic [ROWS*CW-1:0] set_cells;
    assign set_cells = cells_q[s*ROWS*CW +: ROWS*CW];
    if (ROWS == (1 << RowW)) begin : g_rd_all_rows
      assign rd_set_words[s*CW +: CW] = set_cells[rd_row_i*CW +: CW];
    end else begin : g_rd_guarded
      assign rd_set_words[s*CW +: CW] = (rd_row_i < RowW'(ROWS)) ? set_cells[rd_row_i*CW +: CW] : '0;
    end
  end
  if (WSETS > 1) begin : g_rd_sets
    always_comb begin
      rd_word = '0;
      for (int s = 0; s < WSETS; s++) begin
        rd_word |= rd_set_words[s*CW +: CW] & {CW{rd_wset_i == SetW'(s)}};
      end
    end
  end else begin : g_rd_one_set
    assign rd_word = rd_set_words;
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

  assign cells_o = cells_q;
endmodule
