// SPDX-License-Identifier: Apache-2.0
// cim_adder_tree: sums N operands of IW bits each, exactly: OW = IW + clog2(N) bits, two's
// complement when SIGNED, otherwise unsigned. Purely combinational. Two structures:
//
//   CSA = 0  a balanced binary tree of adders, clog2(N) levels deep. An odd node at the end of a
//            level passes through to the next level unchanged.
//   CSA = 1  a carry-save tree: the operands, extended to OW bits, are reduced three to two by
//            3:2 compressors (full adders bitwise: a sum and a carry one place up) until two are
//            left, which one carry-propagate adder sums. Every stage is a row of full adders
//            with no carry chain, so only the last adder propagates; its result is the same,
//            since the sum fits in OW bits and each compressor keeps it modulo 2^OW. Upper bits
//            that are zero fold away in synthesis (a full adder with a zero input is a half
//            adder, with two a wire).
//
// Every level (stage) is its own set of signals inside its generate scope, so no signal depends
// on another bit of itself: Verilator schedules the tree without UNOPTFLAT, and Yosys sees plain
// gates and adders.
`include "cim_assert.svh"

module cim_adder_tree #(
  parameter int N      = 8,
  parameter int IW     = 1,
  parameter bit SIGNED = 1'b0,
  parameter bit CSA    = 1'b0
) (
  input  logic [N*IW-1:0]             operands_i,  // operand i in [i*IW +: IW]
  output logic [IW+$clog2(N)-1:0]     sum_o
);
  localparam int Levels = $clog2(N);
  localparam int OW     = IW + Levels;

  `CIM_PARAM_RULE(N >= 1, N, at least 1)
  `CIM_PARAM_RULE(IW >= 1, IW, at least 1)

  // Operands left after s carry-save stages (three become two, the rest pass).
  function automatic int csa_operands(input int n, input int s);
    int m;
    m = n;
    for (int i = 0; i < s; i++) m = 2 * (m / 3) + m % 3;
    csa_operands = m;
  endfunction

  // Carry-save stages until at most two operands are left.
  function automatic int csa_stages(input int n);
    int m, s;
    m = n;
    s = 0;
    while (m > 2) begin
      m = 2 * (m / 3) + m % 3;
      s = s + 1;
    end
    csa_stages = s;
  endfunction

  if (CSA) begin : g_csa
    localparam int Stages = csa_stages(N);
    for (genvar s = 0; s <= Stages; s++) begin : g_stage
      localparam int M = csa_operands(N, s);
      logic [M*OW-1:0] ops;  // operand i in [i*OW +: OW]
      if (s == 0) begin : g_extend
        for (genvar i = 0; i < N; i++) begin : g_operand
          logic [IW-1:0] operand;
          assign operand = operands_i[i*IW +: IW];
          assign ops[i*OW +: OW] = {{Levels{SIGNED ? operand[IW-1] : 1'b0}}, operand};
        end
      end else begin : g_compress
        localparam int Prev    = csa_operands(N, s - 1);
        localparam int Triples = Prev / 3;
        for (genvar t = 0; t < Triples; t++) begin : g_fa
          // (A compressor stage exists from three operands on, so OW >= 3.) The top bit's carry
          // would leave OW bits: the sum fits, so it is zero.
          logic [OW-1:0] a, b, c;
          logic [OW-2:0] carry;
          assign a = g_stage[s-1].ops[(3*t)*OW +: OW];
          assign b = g_stage[s-1].ops[(3*t+1)*OW +: OW];
          assign c = g_stage[s-1].ops[(3*t+2)*OW +: OW];
          assign carry = (a[OW-2:0] & b[OW-2:0]) | (a[OW-2:0] & c[OW-2:0]) | (b[OW-2:0] & c[OW-2:0]);
          // Sums first, then carries: the next stage's triples take bits of one weight.
          assign ops[t*OW +: OW]           = a ^ b ^ c;
          assign ops[(Triples+t)*OW +: OW] = {carry, 1'b0};
        end
        for (genvar k = 0; k < Prev % 3; k++) begin : g_pass
          assign ops[(2*Triples+k)*OW +: OW] = g_stage[s-1].ops[(3*Triples+k)*OW +: OW];
        end
      end
    end
    localparam int Last = csa_operands(N, Stages);
    if (Last == 1) begin : g_one
      assign sum_o = g_stage[Stages].ops[OW-1:0];
    end else begin : g_cpa
      assign sum_o = g_stage[Stages].ops[OW-1:0] + g_stage[Stages].ops[2*OW-1:OW];
    end
  end else begin : g_binary
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
  end
endmodule
