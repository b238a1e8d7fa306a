// SPDX-License-Identifier: Apache-2.0
// A small cim_analog_macro for tb/plusargs.sh: prints what the crossbar made of its +plusargs.
module plusargs_tb;
  // Everything idle: the crossbar reads its settings at time 0.
  cim_analog_macro #(.ROWS(4), .COLS(2), .WBITS(4), .ABITS(4), .ADC_BITS(2)) u_dut (
    .clk_i(1'b0), .rst_ni(1'b0),
    .wr_valid_i(1'b0), .wr_ready_o(), .wr_wset_i(1'b0), .wr_row_i(2'd0), .wr_data_i(8'd0),
    .rd_valid_i(1'b0), .rd_ready_o(), .rd_wset_i(1'b0), .rd_row_i(2'd0), .rd_data_o(),
    .rd_data_valid_o(),
    .req_valid_i(1'b0), .req_ready_o(), .req_act_i(16'd0), .req_abits_i(3'd0),
    .req_wbits_i(3'd0), .req_asigned_i(1'b0), .req_wsigned_i(1'b0), .req_wset_i(1'b0),
    .rsp_valid_o(), .rsp_ready_i(1'b1), .rsp_data_o(), .rsp_err_o()
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
