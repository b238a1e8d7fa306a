// SPDX-License-Identifier: Apache-2.0
// cim_macro: digital SRAM compute-in-memory macro, ROWS x COLS weights of WBITS bits.
//
// Computes y[c] = sum_r a[r] * w[r][c] where the weights never leave the bitcell array: each cycle
// ABITS_PER_CYCLE activation bits per row are broadcast on as many wordlines (most significant
// group first), every bitcell ANDs each with its stored bit, one adder tree per bit column and
// wordline lane counts the products, a shift-and-add combines the weight bit columns and lanes,
// and a shift-accumulator combines the activation bit groups. Weights and activations are
// unsigned or two's complement per request, using their low wbits / abits bits.
//
// Timing (see docs/macro.md), with n = ceil(abits / ABITS_PER_CYCLE): a request accepted in cycle
// k occupies the array in cycles k+1 .. k+n and its response is valid from cycle k+n+1.
// Back-to-back requests keep the array busy every cycle. Read data appears one cycle after the
// read is accepted. ABITS_PER_CYCLE = 1 is fully bit-serial; 2 or 4 trade adder trees for cycles.
// PIPE = 1 registers the popcounts between the adder trees and the shift-add: the response is
// valid from cycle k+n+2, and back-to-back requests still keep the array busy every cycle.
// WSETS > 1 keeps that many weight sets behind each compute cell (one multiplexer each): a request
// computes with the set req_wset_i names, and writes and reads of any other set are taken while it
// computes, so the next weights load under the current compute.
`include "cim_params.svh"
`include "cim_assert.svh"

module cim_macro #(
  `CIM_DIGITAL_PARAMS,
`include "cim_port_widths.svh"
) (
`include "cim_macro_ports.svh"
);
  cim_param_check #(.ANALOG(1'b0), `CIM_DIGITAL_PARAM_MAP) u_param_check ();

`include "cim_shape_standins.svh"
  localparam int AbitsPerCycle = (ABITS_PER_CYCLE >= 1 && ABITS_PER_CYCLE <= Abits &&
                          (ABITS_PER_CYCLE & (ABITS_PER_CYCLE - 1)) == 0) ? ABITS_PER_CYCLE : 1;
  localparam int OutW  = cim_pkg::out_w(Rows, Wbits, Abits);

  localparam int CW       = Cols * Wbits;
  localparam int PW       = $clog2(Rows) + 1;   // popcount of one bit column (adder tree width)
  localparam int PartialW = PW + Wbits + AbitsPerCycle; // signed partial sum of one channel per cycle

  logic                     mem_ready;
  logic [SetW-1:0]          cmp_wset;
  logic [Rows*AbitsPerCycle-1:0]    wl;
  logic                     pipe_en, acc_en, acc_first;
  logic                     unused_conv, unused_phase;
  logic [Wbits-1:0]         wbit_en;
  logic [AbitsPerCycle*Wbits-1:0]   term_neg;
  logic [WSETS*Rows*CW-1:0] cells;
  logic [Rows*AbitsPerCycle*CW-1:0] prod;
  logic [Cols*AbitsPerCycle*Wbits-1:0] tree_full;  // a tree counts every row (checks only)

  cim_ctrl #(
    .ROWS (Rows),
    .WBITS(Wbits),
    .ABITS(Abits),
    .ABITS_PER_CYCLE(AbitsPerCycle),
    // The latch storage's written row settles in the next cycle's second half (cim_weight_store):
    // no request, whose first array cycle that is, is taken together with a write.
    .WRITES_FIRST(SCM != 0),
    .PIPE        (PIPE != 0),
    .WSETS       (WSETS)
  ) u_ctrl (
`include "cim_compute_connect.svh"
    .wr_ready_o,
    .rd_ready_o,
    .wset_o      (cmp_wset),
    .conv_o      (unused_conv), .phase_o(unused_phase),  // the analog macro's ADC phases
    .wl_o        (wl),
    .pipe_en_o   (pipe_en),
    .acc_en_o    (acc_en),
    .acc_first_o (acc_first),
    .wbit_en_o   (wbit_en),
    .term_neg_o  (term_neg)
  );

  // Storage access to the set the array reads waits for the compute (cim_ctrl says when).
  logic store_wr_en;
  assign store_wr_en = wr_valid_i && wr_ready_o;

  cim_weight_store #(
    .ROWS (Rows),
    .COLS (Cols),
    .WBITS(Wbits),
    .SCM  (SCM != 0),
    .WSETS(WSETS)
  ) u_store (
    .clk_i,
    .rst_ni,
    .wr_en_i        (store_wr_en),
    .wr_wset_i,
    .wr_row_i,
    .wr_data_i,
    .rd_en_i        (rd_valid_i && rd_ready_o),
    .rd_wset_i,
    .rd_row_i,
    .rd_data_o,
    .rd_data_valid_o,
    .cells_o        (cells)
  );

  cim_bitcell_mul #(
    .ROWS           (Rows),
    .CW             (CW),
    .ABITS_PER_CYCLE(AbitsPerCycle),
    .WSETS          (WSETS)
  ) u_mul (
    .wl_i   (wl),
    .wset_i (cmp_wset),
    .cells_i(cells),
    .prod_o (prod)
  );

  if (PIPE == 0) begin : g_no_pipe_register
    logic unused_pipe_en;
    assign unused_pipe_en = pipe_en;
  end

  for (genvar c = 0; c < Cols; c++) begin : g_col
    logic [AbitsPerCycle*Wbits*PW-1:0] pop, pop_acc;  // the trees' counts; as the shift-add sees them
    logic [PartialW-1:0]               partial;

    for (genvar p = 0; p < AbitsPerCycle; p++) begin : g_lane
      for (genvar j = 0; j < Wbits; j++) begin : g_wbit
        logic [Rows-1:0] products;
        for (genvar r = 0; r < Rows; r++) begin : g_row
          assign products[r] = prod[(r*AbitsPerCycle + p)*CW + c*Wbits + j];
        end
        cim_adder_tree #(
          .N  (Rows),
          .IW (1),
          .CSA(CSA != 0)
        ) u_tree (
          .operands_i(products),
          .sum_o     (pop[(p*Wbits + j)*PW +: PW])
        );
        assign tree_full[(c*AbitsPerCycle + p)*Wbits + j] = (pop[(p*Wbits + j)*PW +: PW] == PW'(Rows));
      end
    end

    if (PIPE != 0) begin : g_pipe
      // The pipeline register (datapath: no reset; cim_ctrl's valid bit says when it is used).
      always_ff @(posedge clk_i) begin
        if (pipe_en) begin
          pop_acc <= pop;
        end
      end
    end else begin : g_no_pipe
      assign pop_acc = pop;
    end

    cim_wbit_combine #(
      .WBITS          (Wbits),
      .ABITS_PER_CYCLE(AbitsPerCycle),
      .PW             (PW)
    ) u_combine (
      .pop_i    (pop_acc),
      .en_i     (wbit_en),
      .neg_i    (term_neg),
      .partial_o(partial)
    );

    cim_shift_acc #(
      .IW   (PartialW),
      .OW   (OutW),
      .SHIFT(AbitsPerCycle)
    ) u_acc (
      .clk_i,
      .rst_ni,
      .en_i     (acc_en),
      .first_i  (acc_first),
      .partial_i(partial),
      .acc_o    (rsp_data_o[c*OutW +: OutW])
    );
  end

  // ---- Checks (cim_assert.svh) ------------------------------------------------------------------
  `CIM_CHECKS_ON
`include "cim_macro_checks.svh"
  // No write lands in the set a compute reads (cim_ctrl checks when its readies are high).
  `CIM_ASSERT(WriteOnlyWhenArrayIdle, !store_wr_en || mem_ready || (WSETS > 1 && wr_wset_i != cmp_wset))
  // The datapath's extreme: for each weight bit, a tree counting every row (that bit of every
  // weight in a column 1, and every activation bit on the wordlines 1) while computing.
  for (genvar j = 0; j < Wbits; j++) begin : g_cover_full_tree
    logic [Cols*AbitsPerCycle-1:0] full;
    for (genvar t = 0; t < Cols*AbitsPerCycle; t++) begin : g_tree
      assign full[t] = tree_full[t*Wbits + j];
    end
    `CIM_COVER(TreeCountsEveryRow, acc_en && wbit_en[j] && full != '0)
  end
endmodule
