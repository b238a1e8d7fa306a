// SPDX-License-Identifier: Apache-2.0
// The port checks both macros share (cim_assert.svh; cim_ctrl checks the request and response
// handshakes): writes and reads held until taken, read data one cycle after the read and held
// after, a row that does not exist (>= ROWS) read as zero, a response's data stable until taken,
// an error response all zero. Included in the body
// of cim_macro and cim_analog_macro, which declare `CIM_CHECKS_ON before it.
logic wr_waits, rd_waits;
assign wr_waits = wr_valid_i && !wr_ready_o;
assign rd_waits = rd_valid_i && !rd_ready_o;
`CIM_ASSUME(WrHeldUntilReady, !$past(wr_waits) || wr_valid_i)
`CIM_ASSUME(WrStableUntilReady, !$past(wr_waits) || $stable({wr_row_i, wr_data_i}))
`CIM_ASSUME(RdHeldUntilReady, !$past(rd_waits) || rd_valid_i)
`CIM_ASSUME(RdStableUntilReady, !$past(rd_waits) || $stable(rd_row_i))
`CIM_ASSERT(RdDataOneCycleAfterRead, rd_data_valid_o == $past(rd_valid_i && rd_ready_o))
`CIM_ASSERT(RdDataHeldUntilNextRead, rd_data_valid_o || $stable(rd_data_o))
`CIM_ASSERT(MissingRowReadsZero, !(rd_data_valid_o && 32'($past(rd_row_i)) >= ROWS) || rd_data_o == '0)
`CIM_ASSERT(RspDataStableUntilReady, !$past(rsp_valid_o && !rsp_ready_i) || $stable(rsp_data_o))
`CIM_ASSERT(ErrorResponseIsZero, !(rsp_valid_o && rsp_err_o) || rsp_data_o == '0)
`CIM_COVER(WriteWaitsForCompute, wr_waits)
`CIM_COVER(ReadWaitsForCompute, rd_waits)
