// SPDX-License-Identifier: Apache-2.0
// tiny_cim: a behavioral CIM macro written from docs/your-macro.md alone, as a user new to the kit
// would: the ports and parameters it asks for, none of the kit's modules or headers. Weights sit in
// one flat register array; a request is computed in one cycle by plain integer arithmetic.
//
// Timing, its own: a request accepted in cycle k is computed in cycle k+1 and answered from cycle
// k+2, whatever its abits (the reference macro takes abits + 1 cycles); the next request is taken
// while the response leaves. Writes and reads are always ready; read data one cycle after the read.
// Checked by transaction (examples/examples.cmake); its array is the storage hook's layout.
module tiny_cim #(
  parameter int ROWS            = 64,
  parameter int COLS            = 16,
  parameter int WBITS           = 8,
  parameter int ABITS           = 8,
  // verilator lint_off UNUSEDPARAM
  parameter int ABITS_PER_CYCLE = 1,   // accepted; this macro computes a request at once
  // verilator lint_on UNUSEDPARAM
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int AbW  = $clog2(ABITS + 1),
  localparam int WbW  = $clog2(WBITS + 1),
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  wr_valid_i,
  output logic                  wr_ready_o,
  // verilator lint_off UNUSEDSIGNAL
  input  logic                  wr_wset_i,   // one weight set: the set ports are ignored
  // verilator lint_on UNUSEDSIGNAL
  input  logic [RowW-1:0]       wr_row_i,
  input  logic [COLS*WBITS-1:0] wr_data_i,
  input  logic                  rd_valid_i,
  output logic                  rd_ready_o,
  // verilator lint_off UNUSEDSIGNAL
  input  logic                  rd_wset_i,
  // verilator lint_on UNUSEDSIGNAL
  input  logic [RowW-1:0]       rd_row_i,
  output logic [COLS*WBITS-1:0] rd_data_o,
  output logic                  rd_data_valid_o,
  input  logic                  req_valid_i,
  output logic                  req_ready_o,
  input  logic [ROWS*ABITS-1:0] req_act_i,
  input  logic [AbW-1:0]        req_abits_i,
  input  logic [WbW-1:0]        req_wbits_i,
  input  logic                  req_asigned_i,
  input  logic                  req_wsigned_i,
  // verilator lint_off UNUSEDSIGNAL
  input  logic                  req_wset_i,
  // verilator lint_on UNUSEDSIGNAL
  output logic                  rsp_valid_o,
  input  logic                  rsp_ready_i,
  output logic                  rsp_err_o,
  output logic [COLS*OUTW-1:0]  rsp_data_o
);
  localparam int CW = COLS * WBITS;

  // Weight bit b of channel c in row r at r*CW + c*WBITS + b: no reset, like SRAM.
  logic [ROWS*CW-1:0] weights_q;
  always_ff @(posedge clk_i) begin
    if (wr_valid_i && 32'(wr_row_i) < ROWS) weights_q[32'(wr_row_i)*CW +: CW] <= wr_data_i;
  end
  assign wr_ready_o = 1'b1;
  assign rd_ready_o = 1'b1;

  // Reads: the row as before this edge's write, one cycle later; a missing row reads zero.
  logic [CW-1:0] rd_q;
  logic          rd_valid_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_q <= 1'b0;
    end else begin
      rd_valid_q <= rd_valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (rd_valid_i) rd_q <= 32'(rd_row_i) < ROWS ? weights_q[32'(rd_row_i)*CW +: CW] : '0;
  end
  assign rd_data_o       = rd_q;
  assign rd_data_valid_o = rd_valid_q;

  // The request: taken when the response register is free (or being emptied), computed in the
  // next cycle from the weights as they are after the edge that took it.
  logic                  busy_q, rsp_valid_q, rsp_err_q;
  logic [ROWS*ABITS-1:0] act_q;
  logic [AbW-1:0]        abits_q;
  logic [WbW-1:0]        wbits_q;
  logic                  asigned_q, wsigned_q;
  logic [COLS*OUTW-1:0]  rsp_q, result;
  logic                  err;

  assign req_ready_o = !busy_q && (!rsp_valid_q || rsp_ready_i);

  // verilator lint_off CMPCONST
  // (constant where ABITS or WBITS fills its precision port: no value above it exists)
  assign err = abits_q == '0 || 32'(abits_q) > ABITS || wbits_q == '0 || 32'(wbits_q) > WBITS;
  // verilator lint_on CMPCONST

  // Operands in their own widths (one bit more than the port's, for the sign), sums in OUTW:
  // plain integer arithmetic, as narrow as it can be.
  localparam int AW = ABITS + 1;
  localparam int WW = WBITS + 1;
  logic [ABITS-1:0] amask;
  logic [WBITS-1:0] wmask;
  assign amask = ABITS'((AW'(1) << abits_q) - AW'(1));
  assign wmask = WBITS'((WW'(1) << wbits_q) - WW'(1));

  for (genvar c = 0; c < COLS; c++) begin : g_channel
    logic [ABITS-1:0]       araw;  // the request's abits low bits of an activation
    logic [WBITS-1:0]       wraw;  // the request's wbits low bits of a weight
    logic signed [AW-1:0]   a;
    logic signed [WW-1:0]   w;
    logic signed [OUTW-1:0] sum;  // the running sum over the rows
    always_comb begin
      sum = '0;
      for (int r = 0; r < ROWS; r++) begin
        araw = act_q[r*ABITS +: ABITS] & amask;
        a = AW'(araw);
        if (asigned_q && a[AbW'(abits_q - 1'b1)]) a = a - (AW'(1) << abits_q);
        wraw = weights_q[r*CW + c*WBITS +: WBITS] & wmask;
        w = WW'(wraw);
        if (wsigned_q && w[WbW'(wbits_q - 1'b1)]) w = w - (WW'(1) << wbits_q);
        sum = sum + OUTW'(a) * OUTW'(w);
      end
    end
    assign result[c*OUTW +: OUTW] = err ? '0 : sum;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q      <= 1'b0;
      rsp_valid_q <= 1'b0;
    end else begin
      busy_q <= req_valid_i && req_ready_o;
      if (busy_q) begin
        rsp_valid_q <= 1'b1;
      end else if (rsp_ready_i) begin
        rsp_valid_q <= 1'b0;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (req_valid_i && req_ready_o) begin
      act_q     <= req_act_i;
      abits_q   <= req_abits_i;
      wbits_q   <= req_wbits_i;
      asigned_q <= req_asigned_i;
      wsigned_q <= req_wsigned_i;
    end
    if (busy_q) begin
      rsp_q     <= result;
      rsp_err_q <= err;
    end
  end
  assign rsp_valid_o = rsp_valid_q;
  assign rsp_data_o  = rsp_q;
`ifndef SYNTHESIS
  // Seeded bug, for the kit's own tests only: with +tiny_err_bug an out-of-range request is
  // answered as an MVM of zeros, its rsp_err_o low. Only a request out of range shows it: make
  // sim's default traffic sends some (docs/cimsim.md), quiet traffic none.
  logic err_bug = 1'b0;
  initial err_bug = $test$plusargs("tiny_err_bug");
  assign rsp_err_o = rsp_err_q && !err_bug;
`else
  assign rsp_err_o = rsp_err_q;
`endif
endmodule
