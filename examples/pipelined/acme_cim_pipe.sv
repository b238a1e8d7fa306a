// SPDX-License-Identifier: Apache-2.0
// acme_cim_pipe: acme_cim (examples/renamed) with one more pipeline stage on the response, as a
// designer adds one to meet timing on the output bus. Correct, one cycle slower than the reference
// macro: a request accepted in cycle k is answered from cycle k+n+2, so it fails the cycle-exact
// check and passes by transaction (docs/your-macro.md). Back-pressure still holds the response;
// the stage takes the inner response whenever it is empty or being emptied.
//
// Seeded bug, for the kit's own tests only: run with +acme_pipe_bug and the stage also loads while
// its response waits for rsp_ready_i, so a held response changes under back-pressure (a lost
// response). Simulation only.
module acme_cim_pipe #(
`include "acme_cim_params.svh"
) (
`include "acme_cim_ports.svh"
);
  logic                 inner_valid, inner_ready, inner_err;
  logic [COLS*OUTW-1:0] inner_data;

  acme_cim #(
    .ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ABITS(ABITS), .ABITS_PER_CYCLE(ABITS_PER_CYCLE)
  ) u_core (
    .clk_i, .rst_ni,
    .wr_valid_i, .wr_ready_o, .wr_wset_i, .wr_row_i, .wr_data_i,
    .rd_valid_i, .rd_ready_o, .rd_wset_i, .rd_row_i, .rd_data_o, .rd_data_valid_o,
    .req_valid_i, .req_ready_o, .req_act_i, .req_abits_i, .req_wbits_i, .req_asigned_i,
    .req_wsigned_i, .req_wset_i,
    .rsp_valid_o(inner_valid), .rsp_ready_i(inner_ready), .rsp_err_o(inner_err),
    .rsp_data_o(inner_data)
  );

  logic seeded_bug;
`ifndef SYNTHESIS
  initial seeded_bug = $test$plusargs("acme_pipe_bug");
`else
  assign seeded_bug = 1'b0;
`endif

  logic                 valid_q, err_q;
  logic [COLS*OUTW-1:0] data_q;
  assign inner_ready = !valid_q || rsp_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      err_q   <= 1'b0;
      data_q  <= '0;
    end else if (inner_ready || (seeded_bug && inner_valid)) begin
      valid_q <= inner_valid;
      if (inner_valid) begin
        err_q  <= inner_err;
        data_q <= inner_data;
      end
    end
  end

`ifdef FORMAL
  // The stage's invariant, which the induction step of make formal DUT=... asked for: an error
  // response is loaded with the inner macro's zero data, so an error held here is all zero.
  always_comb if (rst_ni && err_q) assert (data_q == '0);
`endif

  assign rsp_valid_o = valid_q;
  assign rsp_err_o   = err_q;
  assign rsp_data_o  = data_q;
endmodule
