// SPDX-License-Identifier: Apache-2.0
// A small cim_analog_macro for tb/plusargs.sh: prints what the crossbar made of its +plusargs.
`include "cim_tb_ports.svh"

module plusargs_tb;
  // Everything idle: the crossbar reads its settings at time 0.
  cim_analog_macro #(.ROWS(4), .COLS(2), .WBITS(4), .ABITS(4), .ADC_BITS(2)) u_dut (
    `CIM_TB_IDLE  // every port from the record (flow/cim_tb_ports.svh)
  );
  initial begin
    #1;
    // A 2-bit ADC on 4 rows of 2-bit cells: full range is an LSB of 4 levels (shift 2).
    $display("g_max=%0f stuck(1,1,0,-)=%0d shift(0,1)=%0d shift(1,2)=%0d", u_dut.u_xbar.g_max,
             u_dut.u_xbar.stuck[u_dut.u_xbar.device(1, 1, 0, 1)], u_dut.u_xbar.shift[1],
             u_dut.u_xbar.shift[5]);
    $finish;
  end
endmodule
