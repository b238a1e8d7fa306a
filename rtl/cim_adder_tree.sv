// SPDX-License-Identifier: Apache-2.0
// cim_adder_tree: sums N operands of IW bits each in a balanced binary tree.
//
// Purely combinational, clog2(N) adder levels deep. Every level is its own set of signals (one per
// node, inside its generate scope), so no signal depends on another bit of itself: Verilator
// schedules the tree without UNOPTFLAT, and Yosys sees plain adders. An odd node at the end of a
// level passes through to the next level unchanged. The result is exact: OW = IW + clog2(N) bits,
// two's complement when SIGNED, otherwise unsigned.
`include "cim_assert.svh"

module cim_adder_tree #(
  parameter int N      = 8,
  parameter int IW     = 1,
  parameter bit          SIGNED = 1'b0
) (
  input  logic [N*IW-1:0]             operands_i,  // operand i in [i*IW +: IW]
  output logic [IW+$clog2(N)-1:0]     sum_o
);
  localparam int Levels = $clog2(N);

  `CIM_PARAM_RULE(N >= 1, N, at least 1)
  `CIM_PARAM_RULE(IW >= 1, IW, at least 1)

  // Level l holds ceil(N / 2^l) nodes of IW + l bits; level Levels is the single root.
  for (genvar l = 0; l <= Levels; l++) begin : g_level
    localparam int Nodes = (N + (1 << l) - 1) >> l;
    for (genvar i = 0; i < Nodes; i++) begin : g_node
      logic [IW+l-1:0] sum;
      if (l == 0) begin : g_leaf
        assign sum = operands_i[i*IW +: IW];
      end else begin : g_inner
        // Children live one level down; the right child exists unless this node is a lone tail.
        localparam int ChildNodes = (N + (1 << (l - 1)) - 1) >> (l - 1);
        logic [IW+l-1:0] left, right;
        assign left = {(SIGNED ? g_level[l-1].g_node[2*i].sum[IW+l-2] : 1'b0),
                       g_level[l-1].g_node[2*i].sum};
        if (2 * i + 1 < ChildNodes) begin : g_pair
          assign right = {(SIGNED ? g_level[l-1].g_node[2*i+1].sum[IW+l-2] : 1'b0),
                          g_level[l-1].g_node[2*i+1].sum};
        end else begin : g_tail
          assign right = '0;
        end
        assign sum = left + right;
      end
    end
  end

  assign sum_o = g_level[Levels].g_node[0].sum;
endmodule
