// SPDX-License-Identifier: Apache-2.0
// Formal harness: cim_wbit_combine's partial sum equals sum over the enabled weight bits j and
// lanes p of +-pop[p][j] * 2^(j+p), the sign from neg_i, in integer arithmetic, for every
// popcount an adder tree of up to 2^(PW-1) rows can give (combinational: one BMC step).
module cim_wbit_combine_ref #(
  parameter int WBITS           = 3,
  parameter int ABITS_PER_CYCLE = 2,
  parameter int PW              = 3,
  localparam int PartialW = PW + WBITS + ABITS_PER_CYCLE
) (
  input logic [ABITS_PER_CYCLE*WBITS*PW-1:0] pop_i,
  input logic [WBITS-1:0]                    en_i,
  input logic [ABITS_PER_CYCLE*WBITS-1:0]    neg_i
);
  logic [PartialW-1:0] partial;

  cim_wbit_combine #(.WBITS(WBITS), .ABITS_PER_CYCLE(ABITS_PER_CYCLE), .PW(PW)) u_dut (
    .pop_i,
    .en_i,
    .neg_i,
    .partial_o(partial)
  );

  integer expected, term, got;
  always_comb begin
    expected = 0;
    for (int t = 0; t < ABITS_PER_CYCLE * WBITS; t++) begin
      assume (pop_i[t*PW +: PW] <= (1 << (PW - 1)));
      term = pop_i[t*PW +: PW] * (1 << (t % WBITS + t / WBITS));
      if (en_i[t % WBITS]) expected = neg_i[t] ? expected - term : expected + term;
    end
    got = partial;
    if (partial[PartialW-1]) got = got - (1 << PartialW);
    assert (got == expected);
  end
endmodule
