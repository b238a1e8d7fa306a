// SPDX-License-Identifier: Apache-2.0
// cim_slice_combine: the digital recombination after the ADCs for one output channel.
//
// Slice s's code (the summed level of its conductance pairs, in conductance levels) weighs
// 2^lsb(s); a slice takes part when its lsb is below the request's wbits (en_i) and is negative
// when the request treats its lowest bit as a negative MSB, or the activation MSB of a signed
// activation is on the wordlines, but not both (neg_i). Combinational.
`include "cim_signed_sum.svh"

module cim_slice_combine #(
  parameter int WBITS     = 8,
  parameter int CELL_BITS = 2,
  parameter int CODEW     = 10,  // unsigned code width (code x 2^shift, in levels)
  localparam int Slices   = (WBITS - 1 + CELL_BITS - 1) / CELL_BITS + 1,
  localparam int PartialW = CODEW + WBITS + 1
) (
  input  logic [Slices*CODEW-1:0] codes_i,
  input  logic [Slices-1:0]       en_i,
  input  logic [Slices-1:0]       neg_i,
  output logic [PartialW-1:0]     partial_o
);
  logic [Slices*PartialW-1:0] terms;

  for (genvar s = 0; s < Slices; s++) begin : g_slice
    localparam int Lsb = (s == Slices - 1) ? WBITS - 1 : s * CELL_BITS;
    logic [PartialW-1:0] shifted;
    assign shifted = PartialW'(codes_i[s*CODEW +: CODEW]) << Lsb;
    assign terms[s*PartialW +: PartialW] = `CIM_SIGNED_TERM(en_i[s], neg_i[s], shifted);
  end

  `CIM_SUM_TERMS(partial_o, terms, Slices, PartialW)
endmodule
