// SPDX-License-Identifier: Apache-2.0
// The request and response handshakes (docs/macro.md), one home for the kit's controller
// (cim_ctrl, which checks them inside every kit macro) and the bound port checker
// (cim_port_checks, for a DUT that does not use cim_ctrl): a request and its operands held until
// taken, a response and its error flag held until taken. Declares req_waits, rsp_waits and
// rsp_taken; included in a module body after `CIM_CHECKS_ON.
logic req_waits, rsp_waits, rsp_taken;
assign req_waits = req_valid_i && !req_ready_o;
assign rsp_waits = rsp_valid_o && !rsp_ready_i;
assign rsp_taken = rsp_valid_o && rsp_ready_i;
`CIM_ASSUME(ReqHeldUntilReady, !$past(req_waits) || req_valid_i)
`CIM_ASSUME(ReqStableUntilReady, !$past(req_waits) || $stable({req_act_i, req_abits_i,
            req_wbits_i, req_asigned_i, req_wsigned_i}))
`CIM_ASSERT(RspHeldUntilReady, !$past(rsp_waits) || rsp_valid_o)
`CIM_ASSERT(RspErrStableUntilReady, !$past(rsp_waits) || $stable(rsp_err_o))
