// SPDX-License-Identifier: Apache-2.0
// Gate-level simulation: the RTL cim_macro and its mapped netlist (cim_macro_gl, OSU cells from
// the library's own Verilog models), or the RTL cim_analog_macro and its mapped periphery around a
// second copy of the behavioral crossbar, side by side in Icarus, on the same random, protocol-correct
// traffic, every output compared with !== (so an X in either fails) on every cycle.
// Prints "gls: PASS ..." or "gls: FAIL ..." and the first mismatches.
`timescale 1ns/10ps
`include "cim_params.svh"

module gls_tb #(
  `CIM_ALL_PARAMS,  // synth/gls.sh sets each to the netlist's (its report.json)
  parameter bit ANALOG = 1'b0,  // cim_analog_macro and its mapped periphery instead
  parameter int CYCLES = 3000,
  parameter int SEED = 1,
`include "cim_port_widths.svh"
);
  logic clk = 1'b0, rst_n = 1'b0;
  logic wr_valid = 1'b0, rd_valid = 1'b0, req_valid = 1'b0, rsp_ready = 1'b1;
  logic [RowW-1:0] wr_row = '0, rd_row = '0;
  logic [SetW-1:0] wr_wset = '0, rd_wset = '0, req_wset = '0;
  logic [COLS*WBITS-1:0] wr_data = '0;
  logic [ROWS*ABITS-1:0] req_act = '0;
  logic [AbW-1:0] req_abits = '0;
  logic [WbW-1:0] req_wbits = '0;
  logic req_asigned = 1'b0, req_wsigned = 1'b0;

  // Each side's outputs by name (rtl_wr_ready, gl_wr_ready, ...), and all of them in one vector.
`define CIM_GLS_OUTPUTS(S) \
  logic S``_wr_ready, S``_rd_ready, S``_rd_data_valid, S``_req_ready, S``_rsp_valid, S``_rsp_err; \
  logic [COLS*WBITS-1:0] S``_rd_data; \
  logic [COLS*OUTW-1:0] S``_rsp_data;
`define CIM_GLS_ALL(S) {S``_wr_ready, S``_rd_ready, S``_rd_data, S``_rd_data_valid, \
                        S``_req_ready, S``_rsp_valid, S``_rsp_data, S``_rsp_err}
  `CIM_GLS_OUTPUTS(rtl)
  `CIM_GLS_OUTPUTS(gl)

  // One macro's ports, its outputs wired to side S's.
`define CIM_GLS_PORTS(S) \
    .clk_i(clk), .rst_ni(rst_n), \
    .wr_valid_i(wr_valid), .wr_ready_o(S``_wr_ready), .wr_wset_i(wr_wset), .wr_row_i(wr_row), \
    .wr_data_i(wr_data), \
    .rd_valid_i(rd_valid), .rd_ready_o(S``_rd_ready), .rd_wset_i(rd_wset), .rd_row_i(rd_row), \
    .rd_data_o(S``_rd_data), .rd_data_valid_o(S``_rd_data_valid), \
    .req_valid_i(req_valid), .req_ready_o(S``_req_ready), .req_act_i(req_act), \
    .req_abits_i(req_abits), .req_wbits_i(req_wbits), .req_asigned_i(req_asigned), \
    .req_wsigned_i(req_wsigned), .req_wset_i(req_wset), \
    .rsp_valid_o(S``_rsp_valid), .rsp_ready_i(rsp_ready), \
    .rsp_data_o(S``_rsp_data), .rsp_err_o(S``_rsp_err)

  if (ANALOG) begin : g_analog
    // The mapped periphery has the crossbar's pins as ports (synth.sh cuts it out); the same
    // behavioral crossbar, reading the same +plusargs, closes the loop.
    localparam int Slices = cim_pkg::slices(WBITS, CELL_BITS);
    localparam int CodeW  = cim_pkg::adc_code_w(ROWS, CELL_BITS);
    localparam int PhW    = cim_pkg::vbits(ADC_SHARE);
    logic [COLS*Slices*CodeW-1:0] codes;
    logic [COLS*WBITS-1:0]        rd_word;
    logic [ROWS-1:0]              wl;
    logic [PhW-1:0]               phase;
    logic                         conv, prog;

    cim_analog_macro #(`CIM_ANALOG_PARAM_MAP) u_rtl (
      `CIM_GLS_PORTS(rtl)
    );
    cim_analog_periphery_gl u_gl (
      `CIM_GLS_PORTS(gl),
      .codes(codes), .rd_word(rd_word), .wl(wl), .phase(phase), .conv(conv), .prog(prog)
    );
    cim_analog_crossbar #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .CELL_BITS(CELL_BITS),
                          .ADC_BITS(ADC_BITS), .ADC_SHARE(ADC_SHARE)) u_xbar (
      .clk_i(clk), .prog_i(prog), .prog_row_i(wr_row), .prog_data_i(wr_data), .rd_row_i(rd_row),
      .rd_data_o(rd_word), .wl_i(wl), .phase_i(phase), .conv_i(conv), .codes_o(codes)
    );
  end else begin : g_digital
    cim_macro #(`CIM_DIGITAL_PARAM_MAP) u_rtl (
      `CIM_GLS_PORTS(rtl)
    );
    cim_macro_gl u_gl (
      `CIM_GLS_PORTS(gl)
    );
  end

  always #5 clk = ~clk;

  int unsigned seed_state;
  int mismatches = 0, responses = 0, writes = 0, reads = 0;

  function automatic int unsigned rnd();
    seed_state = seed_state * 1664525 + 1013904223;  // portable LCG, same stream in any simulator
    return seed_state >> 8;
  endfunction

  task automatic compare(int cycle);
    if (`CIM_GLS_ALL(gl) !== `CIM_GLS_ALL(rtl)) begin
      mismatches++;
      if (mismatches <= 5) begin
        $display("gls: cycle %0d: rtl %h gl %h", cycle, `CIM_GLS_ALL(rtl), `CIM_GLS_ALL(gl));
      end
    end
  endtask

  initial begin
    seed_state = SEED;
    // Reset, then write every row of every weight set so no output can depend on power-up storage.
    repeat (2) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    for (int r = 0; r < WSETS * ROWS; r++) begin
      wr_valid = 1'b1;
      wr_wset = SetW'(r / ROWS);
      wr_row = RowW'(r % ROWS);
      for (int b = 0; b < COLS * WBITS; b++) wr_data[b] = rnd() & 1;
      do @(posedge clk); while (!rtl_wr_ready);
      #1 wr_valid = 1'b0;
      @(negedge clk);
    end
    for (int cycle = 0; cycle < CYCLES; cycle++) begin
      // Inputs change only at the falling edge; outputs are compared just before the rising one.
      if (!wr_valid && rnd() % 16 == 0) begin
        wr_valid = 1'b1;
        wr_wset = SetW'(rnd());  // any value: each names a set (ignored with one)
        wr_row = RowW'(rnd());
        for (int b = 0; b < COLS * WBITS; b++) wr_data[b] = rnd() & 1;
      end
      if (!rd_valid && rnd() % 8 == 0) begin
        rd_valid = 1'b1;
        rd_wset = SetW'(rnd());
        rd_row = RowW'(rnd());
      end
      if (!req_valid && rnd() % 4 != 0) begin
        req_valid = 1'b1;
        for (int b = 0; b < ROWS * ABITS; b++) req_act[b] = rnd() & 1;
        req_abits = AbW'(rnd() % (ABITS + 2));  // includes 0 and ABITS+1: out of range
        req_wbits = WbW'(rnd() % (WBITS + 2));
        req_asigned = rnd() & 1;
        req_wsigned = rnd() & 1;
        req_wset = SetW'(rnd());
      end
      rsp_ready = (rnd() % 4) != 0;
      #4 compare(cycle);
      @(posedge clk);
      if (wr_valid && rtl_wr_ready) begin wr_valid = 1'b0; writes++; end
      if (rd_valid && rtl_rd_ready) begin rd_valid = 1'b0; reads++; end
      if (req_valid && rtl_req_ready) req_valid = 1'b0;
      if (rtl_rsp_valid && rsp_ready) responses++;
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
