// SPDX-License-Identifier: Apache-2.0
// cim_ctrl's request and response ports connected to the macro's own (cim_compute_ports.svh), and
// the storage-side connections both macros make alike (writes and reads, the array's ready):
// included in the cim_ctrl instance of cim_macro and cim_analog_macro.
    .clk_i,
    .rst_ni,
    .req_valid_i,
    .req_ready_o,
    .req_act_i,
    .req_abits_i,
    .req_wbits_i,
    .req_asigned_i,
    .req_wsigned_i,
    .req_wset_i,
    .rsp_valid_o,
    .rsp_ready_i,
    .rsp_err_o,
    .wr_valid_i,
    .wr_wset_i,
    .rd_wset_i,
    .mem_ready_o (mem_ready),
