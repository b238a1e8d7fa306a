// SPDX-License-Identifier: Apache-2.0
// cim_ctrl: request sequencing for the bit-serial compute array.
//
// Captures an accepted request (activations and precision), then drives ABITS_PER_CYCLE
// activation bits per row onto the wordlines each cycle (one lane per bit), most significant group
// first, for exactly ceil(abits / ABITS_PER_CYCLE) cycles, and tells the column datapath which
// weight bit columns take part and which (weight bit, activation lane) terms weigh negative. Groups
// are aligned to bit 0, so only the first group can be partial; its lanes above the request's MSB
// stay low. The result is presented from the accumulators one cycle after the last group, with
// rsp_valid_o, and held until accepted.
//
// Throughput: the next request is accepted in the last bit cycle of the current one, so
// back-to-back requests keep the array busy every cycle. Back-pressure: the accumulators double as
// the response register, so a waiting response stalls the next request on its first bit (the only
// cycle that would overwrite the accumulators); earlier stalls never happen.
//
// Storage access: mem_ready_o is high when the array reads no weight after this cycle (idle, or
// the last bit of a request that completes now), so a write can never change the weights under a
// compute, and a write accepted together with a request is seen by that request. With WSETS > 1
// weight sets, a request computes with the set req_wset_i names (wset_o while it runs), and a
// write or read of another set is ready while it computes (wr_ready_o, rd_ready_o). WRITES_FIRST
// takes no request in a cycle that offers a write to its set (wr_valid_i; cim_macro's latch
// storage, whose written row settles only in the second half of the next cycle: too late for a
// request's first array cycle).
//
// A request whose precision is out of range (abits or wbits 0 or above the parameter, or, with
// WBITS_FULL_ONLY, wbits other than WBITS) takes one array cycle with all wordlines low, so its
// response carries rsp_err_o and all-zero data.
//
// PHASES > 1 (the analog macro's shared ADCs) holds each bit group on the wordlines for PHASES
// cycles, phase_o counting 0 .. PHASES-1; the accumulators take the group in its last phase.
//
// PIPE puts a register between the array and the accumulators (cim_macro's popcounts, and here the
// column datapath's controls: acc_en_o, acc_first_o, wbit_en_o, term_neg_o come from it): the
// accumulators take a group one cycle after its array cycle, so the response is valid one cycle
// later. The array side is unchanged (mem_ready_o, req_ready_o). A waiting response now stalls the
// pipeline when the register holds a first group: the array holds its cycle too.
//
// Checks (cim_assert.svh) at the end: the request/response handshake, the invariants that make it
// hold (proved by induction in formal/), and cover points for every precision and sign mode.
`include "cim_pkg.sv"  // its width functions
`include "cim_assert.svh"
`include "cim_flop.svh"

module cim_ctrl #(
  parameter int ROWS  = 64,
  parameter int WBITS = 8,
  parameter int ABITS = 8,
  parameter int ABITS_PER_CYCLE = 1,  // a power of two, <= ABITS (checked by cim_macro)
  parameter int PHASES = 1,           // array cycles per bit group, >= 1
  parameter int WBITS_FULL_ONLY = 0,  // 1: only wbits = WBITS is in range
  parameter bit WRITES_FIRST = 1'b0,  // 1: no request is taken while a write is offered
  parameter bit PIPE = 1'b0,          // 1: a register stage between the array and the accumulators
  parameter int WSETS = 1,            // weight sets (a power of two)
  localparam int SetW   = cim_pkg::vbits(WSETS),
  localparam int AbW    = cim_pkg::count_w(ABITS),
  localparam int WbW    = cim_pkg::count_w(WBITS),
  localparam int Groups = (ABITS + ABITS_PER_CYCLE - 1) / ABITS_PER_CYCLE,
  localparam int GroupW = cim_pkg::vbits(Groups),
  localparam int LaneW  = cim_pkg::vbits(ABITS_PER_CYCLE),
  localparam int ActW   = Groups * ABITS_PER_CYCLE,
  localparam int PhW    = cim_pkg::vbits(PHASES)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

`include "cim_compute_ports.svh"

  input  logic                                wr_valid_i,
  input  logic [SetW-1:0]                     wr_wset_i,
  input  logic [SetW-1:0]                     rd_wset_i,
  output logic                                mem_ready_o,  // the array reads no set after this cycle
  output logic                                wr_ready_o,   // a write to wr_wset_i may be taken
  output logic                                rd_ready_o,   // a read of rd_wset_i may be taken
  output logic [SetW-1:0]                     wset_o,       // the set the array computes with

  // Row r, lane p (activation bit group * ABITS_PER_CYCLE + p) at r * ABITS_PER_CYCLE + p.
  output logic [ROWS*ABITS_PER_CYCLE-1:0]     wl_o,
  output logic                                pipe_en_o, // the pipeline register takes the array's group
  output logic                                acc_en_o,  // the accumulators take a group (its last phase)
  output logic                                conv_o,    // an in-range request's array cycle fires
  output logic [PhW-1:0]                      phase_o,
  output logic                                acc_first_o,
  output logic [WBITS-1:0]                    wbit_en_o,
  // Lane p, weight bit j's popcount weighs negative: [p*WBITS + j].
  output logic [ABITS_PER_CYCLE*WBITS-1:0]    term_neg_o
);
  logic                  active_q;
  logic                  busy_q, busy_d;
  logic                  err_q, err_d;
  logic                  first_q, first_d;
  logic [GroupW-1:0]     group_q, group_d; // activation bit group on the wordlines
  logic [LaneW-1:0]      top_q, top_d;     // lane of the request's MSB within the first group
  logic [WbW-1:0]        wbits_q, wbits_d;
  logic                  asigned_q, asigned_d, wsigned_q, wsigned_d;
  logic [SetW-1:0]       wset_q, wset_d;
  logic [ROWS*ABITS-1:0] act_q;
  logic                  rsp_valid_q, rsp_valid_d, rsp_err_q, rsp_err_d;

  logic last_group, last_phase, fire, done, accept, req_err, wr_req_set;
  logic [PhW-1:0] phase_q;
  logic abits_bad, wbits_bad;
  // The accumulate stage: the array cycle itself, or (PIPE) the pipeline register's group.
  logic acc_valid, acc_first, acc_last, acc_err, stall, acc_done;
  logic [WBITS-1:0]                 wbit_en;
  logic [ABITS_PER_CYCLE*WBITS-1:0] term_neg;

  assign last_group = (group_q == '0);
  // Only a first group overwrites the accumulators, so only it waits for the response to leave,
  // and while it waits nothing moves.
  assign stall    = acc_valid && acc_first && rsp_valid_q && !rsp_ready_i;
  assign fire     = busy_q && !stall;
  assign done     = fire && last_group && last_phase;
  assign acc_done = acc_en_o && acc_last;  // the response is complete after this edge

  // No handshake is taken in reset nor on the first edge after it: active_q says reset is over.
  assign req_ready_o = active_q && (!busy_q || done) && !(WRITES_FIRST && wr_valid_i && wr_req_set);
  assign mem_ready_o = active_q && (!busy_q || done);
  assign wset_o      = wset_q;
  if (WSETS > 1) begin : g_sets
    assign wr_req_set = (wr_wset_i == req_wset_i);
    assign wr_ready_o = mem_ready_o || (active_q && wr_wset_i != wset_q);
    assign rd_ready_o = mem_ready_o || (active_q && rd_wset_i != wset_q);
  end else begin : g_one_set
    logic [3*SetW-1:0] unused_sets;  // one set: the set ports are ignored
    assign unused_sets = {wr_wset_i, rd_wset_i, req_wset_i};
    assign wr_req_set  = 1'b1;
    assign wr_ready_o  = mem_ready_o;
    assign rd_ready_o  = mem_ready_o;
  end
  assign accept      = req_valid_i && req_ready_o;
  assign req_err     = abits_bad || wbits_bad;

  // A precision port as wide as $clog2(X+1) only overflows when X + 1 is not a power of two; the
  // upper-bound compare is generated only then, since elsewhere it is constant (and lint says so).
  if (ABITS == (1 << AbW) - 1) begin : g_abits_fills_port
    assign abits_bad = (req_abits_i == '0);
  end else begin : g_abits_bounded
    assign abits_bad = (req_abits_i == '0) || (req_abits_i > AbW'(ABITS));
  end
  if (WBITS_FULL_ONLY != 0) begin : g_wbits_full_only
    assign wbits_bad = (req_wbits_i != WbW'(WBITS));
  end else if (WBITS == (1 << WbW) - 1) begin : g_wbits_fills_port
    assign wbits_bad = (req_wbits_i == '0);
  end else begin : g_wbits_bounded
    assign wbits_bad = (req_wbits_i == '0) || (req_wbits_i > WbW'(WBITS));
  end

  always_comb begin
    busy_d    = busy_q;
    err_d     = err_q;
    first_d   = first_q;
    group_d     = group_q;
    top_d     = top_q;
    wbits_d   = wbits_q;
    asigned_d = asigned_q;
    wsigned_d = wsigned_q;
    wset_d    = wset_q;
    if (accept) begin
      busy_d    = 1'b1;
      err_d     = req_err;
      first_d   = 1'b1;
      group_d     = req_err ? '0 : GroupW'((req_abits_i - 1'b1) >> $clog2(ABITS_PER_CYCLE));
      top_d     = LaneW'((req_abits_i - 1'b1) & AbW'(ABITS_PER_CYCLE - 1));
      wbits_d   = req_wbits_i;
      asigned_d = req_asigned_i;
      wsigned_d = req_wsigned_i;
      wset_d    = (WSETS > 1) ? req_wset_i : '0;
    end else if (done) begin
      busy_d = 1'b0;
    end else if (fire && last_phase) begin
      first_d = 1'b0;
      group_d   = group_q - 1'b1;
    end

    rsp_valid_d = rsp_valid_q;
    rsp_err_d   = rsp_err_q;
    if (acc_done) begin
      rsp_valid_d = 1'b1;
      rsp_err_d   = acc_err;
    end else if (rsp_ready_i) begin
      rsp_valid_d = 1'b0;
      rsp_err_d   = 1'b0;
    end
  end

  // An out-of-range request's single cycle is its last phase.
  if (PHASES > 1) begin : g_phases
    logic [PhW-1:0] phase_d;
    assign last_phase = (phase_q == PhW'(PHASES - 1));
    always_comb begin
      phase_d = phase_q;
      if (accept) begin
        phase_d = req_err ? PhW'(PHASES - 1) : '0;
      end else if (fire) begin
        phase_d = last_phase ? '0 : phase_q + 1'b1;
      end
    end
    `CIM_FLOP(phase_q, phase_d, '0)
  end else begin : g_one_phase
    assign last_phase = 1'b1;
    assign phase_q    = '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q    <= 1'b0;
      busy_q      <= 1'b0;
      err_q       <= 1'b0;
      first_q     <= 1'b0;
      group_q       <= '0;
      top_q       <= '0;
      wbits_q     <= '0;
      asigned_q   <= 1'b0;
      wsigned_q   <= 1'b0;
      wset_q      <= '0;
      rsp_valid_q <= 1'b0;
      rsp_err_q   <= 1'b0;
    end else begin
      active_q    <= 1'b1;
      busy_q      <= busy_d;
      err_q       <= err_d;
      first_q     <= first_d;
      group_q       <= group_d;
      top_q       <= top_d;
      wbits_q     <= wbits_d;
      asigned_q   <= asigned_d;
      wsigned_q   <= wsigned_d;
      wset_q      <= wset_d;
      rsp_valid_q <= rsp_valid_d;
      rsp_err_q   <= rsp_err_d;
    end
  end

  // Activations are datapath: no reset, the wordlines are gated while nothing is in flight.
  always_ff @(posedge clk_i) begin
    if (accept) begin
      act_q <= req_act_i;
    end
  end

  logic drive;
  assign drive = busy_q && !err_q;

  // Lanes above the MSB exist only in the first group; the request's act bits there are ignored.
  logic [ABITS_PER_CYCLE-1:0] lane_on;
  assign lane_on[0] = drive;
  for (genvar p = 1; p < ABITS_PER_CYCLE; p++) begin : g_upper_lane
    assign lane_on[p] = drive && (!first_q || LaneW'(p) <= top_q);
  end

  for (genvar r = 0; r < ROWS; r++) begin : g_wl
    logic [ActW-1:0] act_row;
    assign act_row = ActW'(act_q[r*ABITS +: ABITS]);
    for (genvar p = 0; p < ABITS_PER_CYCLE; p++) begin : g_lane
      logic [Groups-1:0] bits;
      for (genvar g = 0; g < Groups; g++) begin : g_group
        assign bits[g] = act_row[g*ABITS_PER_CYCLE + p];
      end
      assign wl_o[r*ABITS_PER_CYCLE + p] = lane_on[p] && bits[group_q];
    end
  end

  // A term is negative when exactly one of its factors' MSBs weighs negative: the weight's MSB
  // column of a signed weight, or the lane carrying a signed activation's MSB (first cycle only).
  // Decoded once here rather than per column, so every column sees one gate's output.
  for (genvar j = 0; j < WBITS; j++) begin : g_wbit
    assign wbit_en[j] = (wbits_q > WbW'(j));
    for (genvar p = 0; p < ABITS_PER_CYCLE; p++) begin : g_lane
      assign term_neg[p*WBITS + j] = (wsigned_q && wbits_q == WbW'(j + 1)) ^
                                     (asigned_q && first_q && LaneW'(p) == top_q);
    end
  end

  assign pipe_en_o = fire && last_phase;
  if (PIPE) begin : g_pipe
    // The register behind the array: what the column datapath needs of a group, taken with its
    // popcounts. Valid bits reset; the controls are datapath (used only while valid).
    logic                             pipe_valid_q, pipe_first_q, pipe_last_q, pipe_err_q;
    logic [WBITS-1:0]                 pipe_wbit_en_q;
    logic [ABITS_PER_CYCLE*WBITS-1:0] pipe_term_neg_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        pipe_valid_q <= 1'b0;
      end else if (!stall) begin
        pipe_valid_q <= pipe_en_o;
      end
    end
    always_ff @(posedge clk_i) begin
      if (pipe_en_o) begin
        pipe_first_q <= first_q;
        pipe_last_q  <= last_group;
        pipe_err_q   <= err_q;
        pipe_wbit_en_q  <= err_q ? '0 : wbit_en;  // an error's group adds nothing, whatever it holds
        pipe_term_neg_q <= term_neg;
      end
    end
    assign acc_valid  = pipe_valid_q;
    assign acc_first  = pipe_first_q;
    assign acc_last   = pipe_last_q;
    assign acc_err    = pipe_err_q;
    assign acc_en_o   = pipe_valid_q && !stall;
    assign wbit_en_o  = pipe_wbit_en_q;
    assign term_neg_o = pipe_term_neg_q;
  end else begin : g_no_pipe
    assign acc_valid  = busy_q;
    assign acc_first  = first_q;
    assign acc_last   = last_group;
    assign acc_err    = err_q;
    assign acc_en_o   = fire && last_phase;
    assign wbit_en_o  = wbit_en;
    assign term_neg_o = term_neg;
  end

  assign conv_o      = fire && !err_q;
  assign phase_o     = phase_q;
  assign acc_first_o = acc_first;
  assign rsp_valid_o = rsp_valid_q;
  assign rsp_err_o   = rsp_err_q;

  // ---- Checks ------------------------------------------------------------------------------------
  `CIM_CHECKS_ON

  // The handshakes (a request held until taken; a response held until taken).
`include "cim_handshake_checks.svh"

  // A response only for a request. pending_q counts the handshakes on the two ports; it equals
  // what the controller holds, the one computing and the one waiting, which is also what makes
  // the response properties inductive.
  logic [2:0] pending_q;  // 3 with PIPE: a response, a last group in the register, a request
  `CIM_FLOP(pending_q, pending_q + {2'b0, accept} - {2'b0, rsp_taken}, '0)
  `CIM_ASSERT(RspOnlyForARequest, !rsp_valid_o || pending_q != '0)
  `CIM_ASSERT(RspOneCycleAfterLastGroup, !rsp_valid_o || $past(rsp_waits) || $past(acc_done))
  // Held: the request on the array, one whose last group is in the pipeline register, a response.
  logic held_in_pipe;
  assign held_in_pipe = PIPE && acc_valid && acc_last;
  `CIM_ASSERT(PendingIsWhatIsHeld, 32'(pending_q) == 32'(busy_q) + 32'(rsp_valid_q) + 32'(held_in_pipe))
  // The accumulators hold the response: a request may wait behind it only at its first group.
  `CIM_ASSERT(NextRequestWaitsAtFirstBit, !(rsp_valid_q && acc_valid) || acc_first)
  if (PIPE) begin : g_check_pipe
    // The register holds a group of the request on the array (which is then past its first
    // group), or its last one (and the array is at most at the next request's first group).
    `CIM_ASSERT(PipeHoldsAGroup, !acc_valid || acc_last || (busy_q && !first_q))
    `CIM_ASSERT(PipeLastBeforeNext, !(acc_valid && acc_last) || !busy_q || first_q)
    `CIM_ASSERT(PipeErrorIsOneGroup, !(acc_valid && acc_err) || (acc_first && acc_last))
    `CIM_ASSERT(PipeErrorAddsNothing, !(acc_valid && acc_err) || wbit_en_o == '0)
    `CIM_COVER(PipeStallsArray, stall && busy_q)
  end

  // The state stays in range, and the array is only driven by an in-range request.
  `CIM_ASSERT(GroupInRange, !busy_q || 32'(group_q) < Groups)
  `CIM_ASSERT(ErrorRequestTakesOneCycle, !(busy_q && err_q) || (first_q && last_group && last_phase))
  `CIM_ASSERT(PhaseInRange, 32'(phase_q) < PHASES)
  if (WBITS == (1 << WbW) - 1) begin : g_check_wbits_fills_port
    `CIM_ASSERT(PrecisionInRange, !drive || wbits_q != '0)
  end else begin : g_check_wbits_bounded
    `CIM_ASSERT(PrecisionInRange, !drive || (wbits_q != '0 && wbits_q <= WbW'(WBITS)))
  end
  `CIM_ASSERT(WordlinesQuietUnlessComputing, (busy_q && !err_q) || wl_o == '0)
  `CIM_ASSERT(StorageWaitsForCompute, !(busy_q && !done) || !mem_ready_o)
  `CIM_ASSERT(ComputeSetNeverWritten, !(busy_q && !done && wr_ready_o) || wr_wset_i != wset_q)
  `CIM_ASSERT(ComputeSetNeverRead, !(busy_q && !done && rd_ready_o) || rd_wset_i != wset_q)
  if (WSETS > 1) begin : g_cover_sets
    for (genvar s = 0; s < WSETS; s++) begin : g_set
      `CIM_COVER(SetComputes, accept && !req_err && 32'(req_wset_i) == s)
      `CIM_COVER(SetWrittenWhileComputing, busy_q && !done && wr_valid_i && wr_ready_o &&
                                           32'(wr_wset_i) == s)
    end
  end
  // (Checks start on the second edge after reset, so this one looks back at the first.)
  `CIM_ASSERT(NoHandshakeInFirstCycle, $past(active_q) || !$past(req_ready_o || mem_ready_o))

  // Every precision, sign mode and out-of-range request taken; every wait of a response taken up
  // to the longest that can keep the next request from starting.
  for (genvar a = 1; a <= ABITS; a++) begin : g_cover_abits
    `CIM_COVER(AbitsTaken, accept && !req_err && 32'(req_abits_i) == a)
  end
  for (genvar w = 1; w <= WBITS; w++) begin : g_cover_wbits
    if (WBITS_FULL_ONLY == 0 || w == WBITS) begin : g_in_range  // (no cover point that cannot be hit)
      `CIM_COVER(WbitsTaken, accept && !req_err && 32'(req_wbits_i) == w)
    end
  end
  for (genvar m = 0; m < 4; m++) begin : g_cover_signs
    `CIM_COVER(SignModeTaken, accept && !req_err && {req_asigned_i, req_wsigned_i} == 2'(m))
  end
  `CIM_COVER(ErrorRequestTaken, accept && req_err)
  `CIM_COVER(ErrorResponseTaken, rsp_taken && rsp_err_o)
  localparam int MaxWait = Groups * PHASES + 1;
  logic [$clog2(MaxWait + 1)-1:0] wait_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wait_q <= '0;
    end else if (!rsp_waits) begin
      wait_q <= '0;
    end else if (32'(wait_q) < MaxWait) begin
      wait_q <= wait_q + 1'b1;
    end
  end
  for (genvar n = 0; n <= MaxWait; n++) begin : g_cover_wait
    `CIM_COVER(RspTakenAfterWait, rsp_taken && 32'(wait_q) == n)
  end
  for (genvar ph = 0; ph < PHASES; ph++) begin : g_cover_phase
    `CIM_COVER(PhaseConverts, conv_o && 32'(phase_q) == ph)
  end

  // A reset in every compute cycle (each bit group in each phase on the wordlines), and one that
  // drops a waiting response.
  for (genvar g = 0; g < Groups; g++) begin : g_cover_reset
    for (genvar ph = 0; ph < PHASES; ph++) begin : g_phase
      `CIM_COVER_AT_RESET(ResetInComputeCycle, drive && 32'(group_q) == g && 32'(phase_q) == ph)
    end
  end
  `CIM_COVER_AT_RESET(ResetWithResponseWaiting, rsp_valid_q)

  // The activation extremes of a request, at its precision: every activation all ones (the
  // largest unsigned value, -1 signed), every one the most negative (signed), every one zero.
  logic [ROWS-1:0] act_ones, act_most_negative, act_zero;
  for (genvar r = 0; r < ROWS; r++) begin : g_act_extreme
    logic [ABITS-1:0] bits, used, msb;
    assign bits = req_act_i[r*ABITS +: ABITS];
    for (genvar b = 0; b < ABITS; b++) begin : g_bit
      assign used[b] = (32'(req_abits_i) > b);
      assign msb[b]  = (32'(req_abits_i) == b + 1);
    end
    assign act_ones[r]          = ((bits | ~used) == '1);
    assign act_most_negative[r] = ((bits & used) == msb);
    assign act_zero[r]          = ((bits & used) == '0);
  end
  `CIM_COVER(ActivationsAllOnes, accept && !req_err && act_ones == '1)
  `CIM_COVER(ActivationsAllMostNegative, accept && !req_err && req_asigned_i && act_most_negative == '1)
  `CIM_COVER(ActivationsAllZero, accept && !req_err && act_zero == '1)
endmodule
