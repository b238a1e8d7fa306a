// SPDX-License-Identifier: Apache-2.0
// Formal harness: cim_adder_tree (either structure: CSA) equals the plain integer sum of its
// operands, for every operand
// value (combinational, so one BMC step covers all inputs), and its width never overflows.
module cim_adder_tree_ref #(
  parameter int N      = 5,
  parameter int IW     = 3,
  parameter bit SIGNED = 1'b0,
  parameter bit CSA    = 1'b0
) (
  input logic [N*IW-1:0] operands_i
);
  localparam int OW = IW + $clog2(N);
  logic [OW-1:0] sum;

  cim_adder_tree #(.N(N), .IW(IW), .SIGNED(SIGNED), .CSA(CSA)) u_dut (
    .operands_i,
    .sum_o(sum)
  );

  integer expected, operand, got;
  always_comb begin
    expected = 0;
    for (int i = 0; i < N; i++) begin
      operand = operands_i[i*IW +: IW];
      if (SIGNED && operands_i[i*IW + IW - 1]) operand = operand - (1 << IW);
      expected = expected + operand;
    end
    got = sum;
    if (SIGNED && sum[OW-1]) got = got - (1 << OW);
    assert (got == expected);
  end
endmodule
