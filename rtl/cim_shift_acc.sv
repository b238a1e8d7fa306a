// SPDX-License-Identifier: Apache-2.0
// cim_shift_acc: MSB-first shift-accumulator for bit-serial (or digit-serial) operands.
//
// Each enabled cycle folds one signed partial sum into the accumulator: the first cycle of an
// operation loads the partial, every later cycle shifts the accumulator left by SHIFT bits (the
// operand bits consumed per cycle) and adds the partial. Feeding partials for operand digits most
// significant first therefore builds sum_t partial_t * 2^(SHIFT*t) without a variable shifter.
// The sign of each partial (the MSB of a two's-complement operand weighs negative) is applied
// upstream, so this cell only adds. Latency: the sum including the partial
// of cycle t is on acc_o in cycle t + 1. acc_o holds its value while en_i is low.
`include "cim_assert.svh"

module cim_shift_acc #(
  parameter int IW = 16,  // partial sum width, two's complement
  parameter int OW = 24,  // accumulator width, two's complement; the caller sizes it for its range
  parameter int SHIFT = 1
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          en_i,
  input  logic          first_i,
  input  logic [IW-1:0] partial_i,
  output logic [OW-1:0] acc_o
);
  `CIM_PARAM_RULE(IW >= 1 && OW >= IW, OW, at least IW >= 1)
  `CIM_PARAM_RULE(SHIFT >= 1 && SHIFT < OW, SHIFT, in 1..OW-1)

  logic [OW-1:0] acc_q, acc_d, partial_ext;

  assign partial_ext = {{(OW - IW){partial_i[IW-1]}}, partial_i};
  assign acc_d = (first_i ? '0 : (acc_q << SHIFT)) + partial_ext;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= '0;
    end else if (en_i) begin
      acc_q <= acc_d;
    end
  end

  assign acc_o = acc_q;
endmodule
