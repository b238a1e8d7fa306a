// SPDX-License-Identifier: Apache-2.0
// acme_cim: an example of a user's macro (docs/your-macro.md), written as a user would: its own
// name, its own port list (acme_cim_ports.svh) with no kit header, and its own structure (one module per column, the
// read path of its own), built from the kit's leaf modules. Its timing is the reference macro's,
// so it claims cycle-exact checking and passes both ways.
//
// A request accepted in cycle k occupies the array in cycles k+1 .. k+n (n = ABITS_PER_CYCLE bit
// groups of the request's abits) and its response is valid from cycle k+n+1.
//
// Seeded bug, for the kit's own tests only: run with +acme_bug and channel 0's most significant
// result bit (its sign) reads 0, an accumulator bit tied low that unsigned traffic never sets.
// Simulation only: synthesis never sees it.
module acme_cim #(
`include "acme_cim_params.svh"
) (
`include "acme_cim_ports.svh"
);
  localparam int CW = COLS * WBITS;
  localparam int P  = ABITS_PER_CYCLE;

  logic                    array_idle;
  logic [ROWS*P-1:0]       wl;
  logic                    acc_en, acc_first, unused_conv, unused_phase, unused_pipe_en, unused_wset;
  logic [WBITS-1:0]        wbit_en;
  logic [P*WBITS-1:0]      term_neg;
  logic [ROWS*CW-1:0]      cells;
  logic [COLS*OUTW-1:0]    acc;

  cim_ctrl #(.ROWS(ROWS), .WBITS(WBITS), .ABITS(ABITS), .ABITS_PER_CYCLE(P)) u_seq (
    .clk_i, .rst_ni,
    .req_valid_i, .req_ready_o, .req_act_i, .req_abits_i, .req_wbits_i, .req_asigned_i,
    .req_wsigned_i, .req_wset_i, .rsp_valid_o, .rsp_ready_i, .rsp_err_o,
    .wr_valid_i, .wr_wset_i, .rd_wset_i, .wr_ready_o, .rd_ready_o, .wset_o(unused_wset),
    .mem_ready_o(array_idle), .conv_o(unused_conv), .phase_o(unused_phase), .wl_o(wl),
    .pipe_en_o(unused_pipe_en),
    .acc_en_o(acc_en), .acc_first_o(acc_first), .wbit_en_o(wbit_en), .term_neg_o(term_neg)
  );

  cim_weight_store #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS)) u_array (
    .clk_i, .rst_ni,
    .wr_en_i(wr_valid_i && array_idle), .wr_wset_i(1'b0), .wr_row_i, .wr_data_i,
    .rd_en_i(rd_valid_i && array_idle), .rd_wset_i(1'b0), .rd_row_i, .rd_data_o, .rd_data_valid_o,
    .cells_o(cells)
  );

  for (genvar c = 0; c < COLS; c++) begin : g_column
    logic [ROWS*WBITS-1:0] weights;
    for (genvar r = 0; r < ROWS; r++) begin : g_row
      assign weights[r*WBITS +: WBITS] = cells[r*CW + c*WBITS +: WBITS];
    end
    acme_column #(.ROWS(ROWS), .WBITS(WBITS), .P(P), .OUTW(OUTW)) u_column (
      .clk_i, .rst_ni,
      .wl_i(wl),
      .weights_i(weights),
      .acc_en_i(acc_en), .acc_first_i(acc_first), .wbit_en_i(wbit_en), .term_neg_i(term_neg),
      .acc_o(acc[c*OUTW +: OUTW])
    );
  end

`ifdef FORMAL
  // An error response is all zero (the port rule): asserted here as well, so that a macro built
  // around this one (acme_cim_pipe) has it as a step of its own proof.
  always_comb if (rst_ni && rsp_valid_o && rsp_err_o) assert (rsp_data_o == '0);
`endif

`ifndef SYNTHESIS
  logic seeded_bug = 1'b0;
  initial seeded_bug = $test$plusargs("acme_bug");
  assign rsp_data_o = seeded_bug ? (acc & ~((COLS*OUTW)'(1) << (OUTW - 1))) : acc;
`else
  assign rsp_data_o = acc;
`endif
endmodule
