// SPDX-License-Identifier: Apache-2.0
// Formal harness: cim_shift_acc holds sum_t partial_t * 2^(SHIFT * (n - t)) over the partials
// since the last first_i (n the newest), modulo 2^OW, kept here as an integer times powers of two.
// Proved for every sequence by BMC from reset and by induction.
module cim_shift_acc_ref #(
  parameter int IW    = 4,
  parameter int OW    = 9,
  parameter int SHIFT = 2
) (
  input logic          clk_i,
  input logic          rst_ni,
  input logic          en_i,
  input logic          first_i,
  input logic [IW-1:0] partial_i
);
  logic [OW-1:0] acc;

  cim_shift_acc #(.IW(IW), .OW(OW), .SHIFT(SHIFT)) u_dut (
    .clk_i,
    .rst_ni,
    .en_i,
    .first_i,
    .partial_i,
    .acc_o(acc)
  );

  initial assume (!rst_ni);

  integer partial, expected_q;
  always_comb begin
    partial = partial_i;
    if (partial_i[IW-1]) partial = partial - (1 << IW);
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      expected_q <= 0;
    end else if (en_i) begin
      expected_q <= ((first_i ? 0 : expected_q * (1 << SHIFT)) + partial) % (1 << OW);
    end
  end
  always_comb begin
    assert (acc == OW'(expected_q));
  end
endmodule
