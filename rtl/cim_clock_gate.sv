// SPDX-License-Identifier: Apache-2.0
// cim_clock_gate: a glitch-free clock gate built from library cells (OSU 0.18 um has no
// integrated clock-gating cell): a latch holds en_i through the phase in which clk_o may pulse,
// and a gate lets that phase through.
//   LOW_PHASE = 0  the latch is transparent while clk_i is low, clk_o = clk_i AND it: en_i high
//                  in a cycle (settled before its rising edge) gives clk_o the rising edge that
//                  ends the cycle, and the first half of the next, as a flip-flop's clock.
//   LOW_PHASE = 1  the latch is transparent while clk_i is high, clk_o = NOT clk_i AND it: en_i
//                  high in a cycle (from a flop: settled in its first half) gives clk_o a pulse in
//                  its second half, as a latch's enable.
// OpenSTA checks the latched enable at the gate (a clock-gating check, clock_gating_default).
module cim_clock_gate #(
  parameter bit LOW_PHASE = 1'b0
) (
  input  logic clk_i,
  input  logic en_i,
  output logic clk_o
);
  logic en_q;
  if (LOW_PHASE) begin : g_low
    always_latch begin
      if (clk_i) en_q = en_i;
    end
    assign clk_o = !clk_i && en_q;
  end else begin : g_high
    always_latch begin
      if (!clk_i) en_q = en_i;
    end
    assign clk_o = clk_i && en_q;
  end
endmodule
