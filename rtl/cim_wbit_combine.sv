// SPDX-License-Identifier: Apache-2.0
// cim_wbit_combine: shift-and-add across the weight bit columns and activation lanes of one
// output channel.
//
// The popcount of weight bit column j in activation lane p weighs 2^(j+p). Per cycle the
// controller says which columns take part (en_i: the low wbits columns) and which terms weigh
// negative (neg_i: a two's-complement MSB of the weight or of the activation, not both), so the
// partial sum leaving here is already signed for the shift-accumulator. Combinational.
`include "cim_signed_sum.svh"

module cim_wbit_combine #(
  parameter int WBITS           = 8,
  parameter int ABITS_PER_CYCLE = 1,
  parameter int PW              = 7,  // popcount width per bit column
  localparam int PartialW = PW + WBITS + ABITS_PER_CYCLE
) (
  // Lane p, column j's popcount in [(p*WBITS+j)*PW +: PW]; neg_i in the same order.
  input  logic [ABITS_PER_CYCLE*WBITS*PW-1:0] pop_i,
  input  logic [WBITS-1:0]                    en_i,
  input  logic [ABITS_PER_CYCLE*WBITS-1:0]    neg_i,
  output logic [PartialW-1:0]                 partial_o
);
  localparam int Terms = ABITS_PER_CYCLE * WBITS;

  logic [Terms*PartialW-1:0] terms;

  for (genvar p = 0; p < ABITS_PER_CYCLE; p++) begin : g_lane
    for (genvar j = 0; j < WBITS; j++) begin : g_wbit
      localparam int T = p * WBITS + j;
      logic [PartialW-1:0] shifted;
      assign shifted = PartialW'(pop_i[T*PW +: PW]) << (j + p);
      assign terms[T*PartialW +: PartialW] = `CIM_SIGNED_TERM(en_i[j], neg_i[T], shifted);
    end
  end

  // Summed here rather than in a cim_adder_tree instance: see cim_signed_sum.svh.
  `CIM_SUM_TERMS(partial_o, terms, Terms, PartialW)
endmodule
