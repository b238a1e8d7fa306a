// SPDX-License-Identifier: Apache-2.0
// A register with the asynchronous active-low reset of every module here (clk_i, rst_ni), written
// once (OpenTitan's PRIM_FLOP_A, in prim_flop_macros.sv, is the model):
//
//   `CIM_FLOP(q, d, reset_value)   q takes d at each rising edge of clk_i, reset_value while
//                                  rst_ni is low
`ifndef CIM_FLOP_SVH
`define CIM_FLOP_SVH

`define CIM_FLOP(q, d, reset_value) \
  always_ff @(posedge clk_i or negedge rst_ni) begin \
    if (!rst_ni) begin \
      q <= (reset_value); \
    end else begin \
      q <= (d); \
    end \
  end

`endif  // CIM_FLOP_SVH
