// SPDX-License-Identifier: Apache-2.0
// Gate-level simulation: the RTL cim_macro and its mapped netlist (cim_macro_gl, OSU cells from
// the library's own Verilog models), or the RTL cim_analog_macro and its mapped periphery around a
// second copy of the behavioral crossbar, side by side in Icarus, on the same random, protocol-correct
// traffic, every output compared with !== (so an X in either fails) on every cycle.
// Prints "gls: PASS ..." or "gls: FAIL ..." and the first mismatches.
`timescale 1ns/10ps
`include "cim_params.svh"
`include "cim_tb_ports.svh"

module gls_tb #(
  `CIM_ALL_PARAMS,  // synth/gls.sh sets each to the netlist's (its report.json)
  parameter bit ANALOG = 1'b0,  // cim_analog_macro and its mapped periphery instead
  parameter int CYCLES = 3000,
  parameter int SEED = 1,
`include "cim_port_widths.svh"
);
  // Every input as a signal of its port's name (flow/cim_tb_ports.svh, from the record), and
  // each side's outputs by name (rtl_wr_ready_o, gl_wr_ready_o, ...).
  logic clk_i = 1'b0;
  `CIM_TB_INPUTS
  `CIM_TB_OUTPUTS(rtl)
  `CIM_TB_OUTPUTS(gl)

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
      `CIM_TB_CONNECT(rtl)
    );
    cim_analog_periphery_gl u_gl (
      `CIM_TB_CONNECT(gl),
      .codes(codes), .rd_word(rd_word), .wl(wl), .phase(phase), .conv(conv), .prog(prog)
    );
    cim_analog_crossbar #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .CELL_BITS(CELL_BITS),
                          .ADC_BITS(ADC_BITS), .ADC_SHARE(ADC_SHARE)) u_xbar (
      .clk_i(clk_i), .prog_i(prog), .prog_row_i(wr_row_i), .prog_data_i(wr_data_i),
      .rd_row_i(rd_row_i),
      .rd_data_o(rd_word), .wl_i(wl), .phase_i(phase), .conv_i(conv), .codes_o(codes)
    );
  end else begin : g_digital
    cim_macro #(`CIM_DIGITAL_PARAM_MAP) u_rtl (
      `CIM_TB_CONNECT(rtl)
    );
    cim_macro_gl u_gl (
      `CIM_TB_CONNECT(gl)
    );
  end

  always #5 clk_i = ~clk_i;

  int unsigned seed_state;
  int mismatches = 0, responses = 0, writes = 0, reads = 0;

  function automatic int unsigned rnd();
    seed_state = seed_state * 1664525 + 1013904223;  // portable LCG, same stream in any simulator
    return seed_state >> 8;
  endfunction

  task automatic compare(int cycle);
    if (`CIM_TB_ALL_OUTPUTS(gl) !== `CIM_TB_ALL_OUTPUTS(rtl)) begin
      mismatches++;
      if (mismatches <= 5) begin
        $display("gls: cycle %0d: rtl %h gl %h", cycle, `CIM_TB_ALL_OUTPUTS(rtl),
                 `CIM_TB_ALL_OUTPUTS(gl));
      end
    end
  endtask

  initial begin
    seed_state = SEED;
    // Reset, then write every row of every weight set so no output can depend on power-up storage.
    repeat (2) @(negedge clk_i);
    rst_ni = 1'b1;
    @(negedge clk_i);
    for (int r = 0; r < WSETS * ROWS; r++) begin
      wr_valid_i = 1'b1;
      wr_wset_i = SetW'(r / ROWS);
      wr_row_i = RowW'(r % ROWS);
      for (int b = 0; b < COLS * WBITS; b++) wr_data_i[b] = rnd() & 1;
      do @(posedge clk_i); while (!rtl_wr_ready_o);
      #1 wr_valid_i = 1'b0;
      @(negedge clk_i);
    end
    for (int cycle = 0; cycle < CYCLES; cycle++) begin
      // Inputs change only at the falling edge; outputs are compared just before the rising one.
      if (!wr_valid_i && rnd() % 16 == 0) begin
        wr_valid_i = 1'b1;
        wr_wset_i = SetW'(rnd());  // any value: each names a set (ignored with one)
        wr_row_i = RowW'(rnd());
        for (int b = 0; b < COLS * WBITS; b++) wr_data_i[b] = rnd() & 1;
      end
      if (!rd_valid_i && rnd() % 8 == 0) begin
        rd_valid_i = 1'b1;
        rd_wset_i = SetW'(rnd());
        rd_row_i = RowW'(rnd());
      end
      if (!req_valid_i && rnd() % 4 != 0) begin
        req_valid_i = 1'b1;
        for (int b = 0; b < ROWS * ABITS; b++) req_act_i[b] = rnd() & 1;
        req_abits_i = AbW'(rnd() % (ABITS + 2));  // includes 0 and ABITS+1: out of range
        req_wbits_i = WbW'(rnd() % (WBITS + 2));
        req_asigned_i = rnd() & 1;
        req_wsigned_i = rnd() & 1;
        req_wset_i = SetW'(rnd());
      end
      rsp_ready_i = (rnd() % 4) != 0;
      #4 compare(cycle);
      @(posedge clk_i);
      if (wr_valid_i && rtl_wr_ready_o) begin wr_valid_i = 1'b0; writes++; end
      if (rd_valid_i && rtl_rd_ready_o) begin rd_valid_i = 1'b0; reads++; end
      if (req_valid_i && rtl_req_ready_o) req_valid_i = 1'b0;
      if (rtl_rsp_valid_o && rsp_ready_i) responses++;
      @(negedge clk_i);
    end
    if (mismatches == 0 && responses > CYCLES / 8)
      $display("gls: PASS %0d cycles, %0d responses, %0d writes, %0d reads, 0 mismatches",
               CYCLES, responses, writes, reads);
    else
      $display("gls: FAIL %0d cycles, %0d responses, %0d mismatches", CYCLES, responses, mismatches);
    $finish;
  end
endmodule
