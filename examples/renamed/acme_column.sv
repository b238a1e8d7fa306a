// SPDX-License-Identifier: Apache-2.0
// acme_column: one output channel of acme_cim (examples/renamed): the AND of each wordline lane
// with the channel's stored bits, one adder tree per (lane, weight bit), the shift-and-add of the
// weight bits and the shift-accumulator over the activation bit groups. Latency: the accumulator
// takes a group at the clock edge that ends its array cycle.
module acme_column #(
  parameter int ROWS  = 64,
  parameter int WBITS = 8,
  parameter int P     = 1,    // activation bits per array cycle
  parameter int OUTW  = 24,
  localparam int PW = $clog2(ROWS) + 1,
  localparam int PartialW = PW + WBITS + P
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [ROWS*P-1:0]   wl_i,        // row r, lane p at r*P + p
  input  logic [ROWS*WBITS-1:0] weights_i, // row r's weight at r*WBITS
  input  logic                acc_en_i,
  input  logic                acc_first_i,
  input  logic [WBITS-1:0]    wbit_en_i,
  input  logic [P*WBITS-1:0]  term_neg_i,
  output logic [OUTW-1:0]     acc_o
);
  logic [P*WBITS*PW-1:0] pop;
  logic [PartialW-1:0]   partial;

  for (genvar p = 0; p < P; p++) begin : g_lane
    for (genvar j = 0; j < WBITS; j++) begin : g_wbit
      logic [ROWS-1:0] products;
      for (genvar r = 0; r < ROWS; r++) begin : g_row
        assign products[r] = wl_i[r*P + p] & weights_i[r*WBITS + j];
      end
      cim_adder_tree #(.N(ROWS), .IW(1)) u_count (
        .operands_i(products),
        .sum_o     (pop[(p*WBITS + j)*PW +: PW])
      );
    end
  end

  cim_wbit_combine #(.WBITS(WBITS), .ABITS_PER_CYCLE(P), .PW(PW)) u_weigh (
    .pop_i(pop), .en_i(wbit_en_i), .neg_i(term_neg_i), .partial_o(partial)
  );

  cim_shift_acc #(.IW(PartialW), .OW(OUTW), .SHIFT(P)) u_acc (
    .clk_i, .rst_ni, .en_i(acc_en_i), .first_i(acc_first_i), .partial_i(partial), .acc_o
  );
endmodule
