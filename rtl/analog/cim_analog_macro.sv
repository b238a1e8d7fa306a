// SPDX-License-Identifier: Apache-2.0
// cim_analog_macro: analog crossbar CIM macro, a drop-in for cim_macro (same parameters, ports and
// handshakes) that computes y[c] = sum_r a[r] * w[r][c] with Ohm's and Kirchhoff's laws.
//
// Weights live as conductance pairs in the behavioral crossbar (cim_analog_crossbar; a blackbox to
// synthesis). This module is the synthesizable periphery around it: the request control shared
// with cim_macro (cim_ctrl), the bit-serial input drive (1-bit DACs: a wordline at v_read or 0,
// MSB first), ADC result capture for the ADC_SHARE phases of a bit, the shift-and-add across weight
// slices (cim_slice_combine) and across activation bits (cim_shift_acc).
//
// Timing (see docs/analog.md): a request accepted in cycle k occupies the array in cycles
// k+1 .. k+abits*ADC_SHARE and its response is valid from cycle k+abits*ADC_SHARE+1; back-to-back
// requests keep the ADCs busy every cycle. An out-of-range request, or, with CELL_BITS > 1, one
// whose wbits is not WBITS (a device holding several weight bits cannot drop some), takes one
// cycle and answers rsp_err_o with zero data. Reads return the programmed conductances quantized
// to levels, one cycle after the read is accepted.
`include "cim_params.svh"
`include "cim_assert.svh"

module cim_analog_macro #(
  `CIM_ANALOG_PARAMS,
  // What its port widths read and it does not take, at the defaults (one weight set: the set
  // ports are there, and ignored).
  `CIM_ANALOG_WIDTH_STANDINS
`include "cim_port_widths.svh"
) (
`include "cim_macro_ports.svh"
);
  cim_param_check #(.ANALOG(1'b1), `CIM_ANALOG_PARAM_MAP) u_param_check ();

`include "cim_shape_standins.svh"
  localparam int CellBits = `CIM_STANDIN(CELL_BITS, cim_pkg::CellBitsMin, cim_pkg::CellBitsMax);
  localparam int AdcBits  = `CIM_STANDIN(ADC_BITS, cim_pkg::AdcBitsMin, cim_pkg::AdcBitsMax);
  localparam int AdcShare = `CIM_STANDIN(ADC_SHARE, cim_pkg::AdcShareMin, cim_pkg::AdcShareMax);
  localparam int OutW     = cim_pkg::out_w(Rows, Wbits, Abits);
  localparam int CW       = Cols * Wbits;
  localparam int Slices   = cim_pkg::slices(Wbits, CellBits);
  localparam int Pairs    = Cols * Slices;
  localparam int PhW      = cim_pkg::vbits(AdcShare);
  localparam int CodeW    = cim_pkg::adc_code_w(Rows, CellBits);
  localparam int PartialW = CodeW + Wbits + 1;
  localparam int AccW     = (OutW > PartialW) ? OutW : PartialW;  // wraps like OUTW bits

  logic                   mem_ready, acc_en, acc_first, conv, unused_pipe_en;
  logic                   unused_wr_ready, unused_rd_ready, unused_wset;
  logic [Rows-1:0]        wl;
  logic [PhW-1:0]         phase;
  logic [Wbits-1:0]       wbit_en, term_neg;
  logic [Pairs*CodeW-1:0] codes, codes_now;
  logic [CW-1:0]          rd_word;
  logic                   rd_en, prog;

  cim_ctrl #(
    .ROWS           (Rows),
    .WBITS          (Wbits),
    .ABITS          (Abits),
    .PHASES         (AdcShare),
    .WBITS_FULL_ONLY(CellBits > 1 ? 1 : 0)
  ) u_ctrl (
`include "cim_compute_connect.svh"
    .wr_ready_o  (unused_wr_ready),  // = mem_ready with one set
    .rd_ready_o  (unused_rd_ready),
    .wset_o      (unused_wset),
    .wl_o        (wl),
    .pipe_en_o   (unused_pipe_en),  // no pipeline register
    .acc_en_o    (acc_en),
    .acc_first_o (acc_first),
    .conv_o      (conv),
    .phase_o     (phase),
    .wbit_en_o   (wbit_en),
    .term_neg_o  (term_neg)
  );

  // Storage access waits while the array reads the weights (cim_ctrl says when).
  assign {wr_ready_o, rd_ready_o} = {2{mem_ready}};
  assign rd_en      = rd_valid_i && mem_ready;
  if (Rows == (1 << RowW)) begin : g_all_rows
    assign prog = wr_valid_i && mem_ready;
  end else begin : g_guarded_rows
    assign prog = wr_valid_i && mem_ready && wr_row_i < RowW'(Rows);
  end

  cim_analog_crossbar #(
    .ROWS     (Rows),
    .COLS     (Cols),
    .WBITS    (Wbits),
    .CELL_BITS(CellBits),
    .ADC_BITS (AdcBits),
    .ADC_SHARE(AdcShare)
  ) u_xbar (
    .clk_i,
    .prog_i     (prog),
    .prog_row_i (wr_row_i),
    .prog_data_i(wr_data_i),
    .rd_row_i,
    .rd_data_o  (rd_word),
    .wl_i       (wl),
    .phase_i    (phase),
    .conv_i     (conv),
    .codes_o    (codes)
  );

  // Read port, as in cim_weight_store: data one cycle after the read, held until the next.
  cim_read_reg #(
    .W(CW)
  ) u_read (
    .clk_i,
    .rst_ni,
    .en_i   (rd_en),
    .data_i (rd_word),
    .data_o (rd_data_o),
    .valid_o(rd_data_valid_o)
  );

  // ADC capture: each phase's codes wait until the bit's last phase, which uses its own codes
  // straight from the ADCs.
  for (genvar q = 0; q < Pairs; q++) begin : g_pair
    localparam int Phase = q % AdcShare;
    if (AdcShare > 1) begin : g_capture
      logic [CodeW-1:0] code_q;
      always_ff @(posedge clk_i) begin
        if (conv && phase == PhW'(Phase)) begin
          code_q <= codes[q*CodeW +: CodeW];
        end
      end
      assign codes_now[q*CodeW +: CodeW] = (phase == PhW'(Phase)) ? codes[q*CodeW +: CodeW] : code_q;
    end else begin : g_direct
      assign codes_now[q*CodeW +: CodeW] = codes[q*CodeW +: CodeW];
    end
  end

  // A slice takes part and weighs negative as its lowest weight bit does.
  logic [Slices-1:0] slice_en, slice_neg;
  for (genvar s = 0; s < Slices; s++) begin : g_slice
    localparam int Lsb = (s == Slices - 1) ? Wbits - 1 : s * CellBits;
    assign slice_en[s]  = wbit_en[Lsb];
    assign slice_neg[s] = term_neg[Lsb];
  end

  for (genvar c = 0; c < Cols; c++) begin : g_col
    logic [PartialW-1:0] partial;
    logic [AccW-1:0]     acc;

    cim_slice_combine #(
      .WBITS    (Wbits),
      .CELL_BITS(CellBits),
      .CODEW    (CodeW)
    ) u_combine (
      .codes_i  (codes_now[c*Slices*CodeW +: Slices*CodeW]),
      .en_i     (slice_en),
      .neg_i    (slice_neg),
      .partial_o(partial)
    );

    // An out-of-range request's cycle converts nothing: its partial is zero.
    cim_shift_acc #(
      .IW(PartialW),
      .OW(AccW)
    ) u_acc (
      .clk_i,
      .rst_ni,
      .en_i     (acc_en),
      .first_i  (acc_first),
      .partial_i(conv ? partial : '0),
      .acc_o    (acc)
    );
    assign rsp_data_o[c*OutW +: OutW] = acc[OutW-1:0];
    if (AccW > OutW) begin : g_wide_acc
      logic [AccW-OutW-1:0] unused_acc_high;  // the result wraps at OUTW bits, as in cim_macro
      assign unused_acc_high = acc[AccW-1:OutW];
    end
  end

  // ---- Checks (cim_assert.svh) ------------------------------------------------------------------
  `CIM_CHECKS_ON
`include "cim_macro_checks.svh"
endmodule
