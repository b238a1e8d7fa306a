// SPDX-License-Identifier: Apache-2.0
// cim_read_reg: a read port's output register. The word on data_i is captured at the edge where
// en_i is high and presented on data_o for the next cycle, with valid_o high for that one cycle;
// data_o then holds until the next capture. Latency 1 cycle; both outputs reset to zero.
module cim_read_reg #(
  parameter int W = 8
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         en_i,
  input  logic [W-1:0] data_i,
  output logic [W-1:0] data_o,
  output logic         valid_o
);
  logic [W-1:0] data_q;
  logic         valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      data_q  <= '0;
      valid_q <= 1'b0;
    end else begin
      valid_q <= en_i;
      if (en_i) begin
        data_q <= data_i;
      end
    end
  end

  assign data_o  = data_q;
  assign valid_o = valid_q;
endmodule
