// Gate-level simulation: the RTL cim_macro and its mapped netlist (cim_macro_gl, OSU cells from
// the library's own Verilog models) side by side in Icarus, on the same random, protocol-correct
// traffic, every output compared with !== (so an X in either fails) on every cycle.
// Prints "gls: PASS ..." or "gls: FAIL ..." and the first mismatches.
`timescale 1ns/10ps
module gls_tb;
  parameter int ROWS = 8;
  parameter int COLS = 2;
  parameter int WBITS = 2;
  parameter int ABITS = 2;
  parameter int ABITS_PER_CYCLE = 1;
  parameter int CYCLES = 3000;
  parameter int SEED = 1;
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1;
  localparam int AbW  = $clog2(ABITS + 1);
  localparam int WbW  = $clog2(WBITS + 1);
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1;
  localparam int OutBits = 1 + 1 + COLS * WBITS + 1 + 1 + 1 + COLS * OUTW + 1;

  logic clk = 1'b0, rst_n = 1'b0;
  logic wr_valid = 1'b0, rd_valid = 1'b0, req_valid = 1'b0, rsp_ready = 1'b1;
  logic [RowW-1:0] wr_row = '0, rd_row = '0;
  logic [COLS*WBITS-1:0] wr_data = '0;
  logic [ROWS*ABITS-1:0] req_act = '0;
  logic [AbW-1:0] req_abits = '0;
  logic [WbW-1:0] req_wbits = '0;
  logic req_asigned = 1'b0, req_wsigned = 1'b0;

  logic [OutBits-1:0] rtl_out, gl_out;

  cim_macro #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ABITS(ABITS),
              .ABITS_PER_CYCLE(ABITS_PER_CYCLE)) u_rtl (
    .clk_i(clk), .rst_ni(rst_n),
    .wr_valid_i(wr_valid), .wr_ready_o(rtl_out[0]), .wr_row_i(wr_row), .wr_data_i(wr_data),
    .rd_valid_i(rd_valid), .rd_ready_o(rtl_out[1]), .rd_row_i(rd_row),
    .rd_data_o(rtl_out[2 +: COLS*WBITS]), .rd_data_valid_o(rtl_out[2 + COLS*WBITS]),
    .req_valid_i(req_valid), .req_ready_o(rtl_out[3 + COLS*WBITS]), .req_act_i(req_act),
    .req_abits_i(req_abits), .req_wbits_i(req_wbits), .req_asigned_i(req_asigned),
    .req_wsigned_i(req_wsigned),
    .rsp_valid_o(rtl_out[4 + COLS*WBITS]), .rsp_ready_i(rsp_ready),
    .rsp_data_o(rtl_out[5 + COLS*WBITS +: COLS*OUTW]), .rsp_err_o(rtl_out[OutBits-1])
  );

  cim_macro_gl u_gl (
    .clk_i(clk), .rst_ni(rst_n),
    .wr_valid_i(wr_valid), .wr_ready_o(gl_out[0]), .wr_row_i(wr_row), .wr_data_i(wr_data),
    .rd_valid_i(rd_valid), .rd_ready_o(gl_out[1]), .rd_row_i(rd_row),
    .rd_data_o(gl_out[2 +: COLS*WBITS]), .rd_data_valid_o(gl_out[2 + COLS*WBITS]),
    .req_valid_i(req_valid), .req_ready_o(gl_out[3 + COLS*WBITS]), .req_act_i(req_act),
    .req_abits_i(req_abits), .req_wbits_i(req_wbits), .req_asigned_i(req_asigned),
    .req_wsigned_i(req_wsigned),
    .rsp_valid_o(gl_out[4 + COLS*WBITS]), .rsp_ready_i(rsp_ready),
    .rsp_data_o(gl_out[5 + COLS*WBITS +: COLS*OUTW]), .rsp_err_o(gl_out[OutBits-1])
  );

  always #5 clk = ~clk;

  int unsigned seed_state;
  int mismatches = 0, responses = 0, writes = 0, reads = 0;

  function automatic int unsigned rnd();
    seed_state = seed_state * 1664525 + 1013904223;  // portable LCG, same stream in any simulator
    return seed_state >> 8;
  endfunction

  task automatic compare(int cycle);
    if (gl_out !== rtl_out) begin
      mismatches++;
      if (mismatches <= 5) $display("gls: cycle %0d: rtl %h gl %h", cycle, rtl_out, gl_out);
    end
  endtask

  initial begin
    seed_state = SEED;
    // Reset, then write every row so no output can depend on power-up storage.
    repeat (2) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    for (int r = 0; r < ROWS; r++) begin
      wr_valid = 1'b1;
      wr_row = RowW'(r);
      for (int b = 0; b < COLS * WBITS; b++) wr_data[b] = rnd() & 1;
      do @(posedge clk); while (!rtl_out[0]);
      #1 wr_valid = 1'b0;
      @(negedge clk);
    end
    for (int cycle = 0; cycle < CYCLES; cycle++) begin
      // Inputs change only at the falling edge; outputs are compared just before the rising one.
      if (!wr_valid && rnd() % 16 == 0) begin
        wr_valid = 1'b1;
        wr_row = RowW'(rnd());
        for (int b = 0; b < COLS * WBITS; b++) wr_data[b] = rnd() & 1;
      end
      if (!rd_valid && rnd() % 8 == 0) begin
        rd_valid = 1'b1;
        rd_row = RowW'(rnd());
      end
      if (!req_valid && rnd() % 4 != 0) begin
        req_valid = 1'b1;
        for (int b = 0; b < ROWS * ABITS; b++) req_act[b] = rnd() & 1;
        req_abits = AbW'(rnd() % (ABITS + 2));  // includes 0 and ABITS+1: out of range
        req_wbits = WbW'(rnd() % (WBITS + 2));
        req_asigned = rnd() & 1;
        req_wsigned = rnd() & 1;
      end
      rsp_ready = (rnd() % 4) != 0;
      #4 compare(cycle);
      @(posedge clk);
      if (wr_valid && rtl_out[0]) begin wr_valid = 1'b0; writes++; end
      if (rd_valid && rtl_out[1]) begin rd_valid = 1'b0; reads++; end
      if (req_valid && rtl_out[3 + COLS*WBITS]) req_valid = 1'b0;
      if (rtl_out[4 + COLS*WBITS] && rsp_ready) responses++;
      @(negedge clk);
    end
    if (mismatches == 0 && responses > CYCLES / 8)
      $display("gls: PASS %0d cycles, %0d responses, %0d writes, %0d reads, 0 mismatches",
               CYCLES, responses, writes, reads);
    else
      $display("gls: FAIL %0d cycles, %0d responses, %0d mismatches", CYCLES, responses, mismatches);
    $finish;
  end
endmodule
