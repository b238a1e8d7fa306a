// SPDX-License-Identifier: Apache-2.0
// The checks of the RTL, one line each, with the tool differences here and nowhere else (the idea
// of OpenTitan's prim_assert.sv). The tools find this header with -I rtl (Verilator, Icarus; Yosys
// looks beside the file).
//
// Elaboration-time parameter checks, in all three tools:
//
//   `CIM_PARAM_RANGE(ROWS, 2, 1024)                      ROWS within lo..hi (cim_params.svh lists them)
//   `CIM_PARAM_RULE(ok, ABITS_PER_CYCLE, a power of two <= ABITS)
//
// Under Verilator and Yosys a check stops on $error with "parameter NAME must be RULE". Icarus 11
// has no elaboration-time $error, so it is stopped by instantiating a module that does not exist,
// named cim_parameter_NAME_out_of_range. Use each check in a module scope (it opens a generate
// block).
//
// Run-time checks, the properties beside the RTL they describe:
//
//   `CIM_CHECKS_ON                 once in each module with run-time checks: declares checks_on_q,
//                                  high from the second rising edge of clk_i after a reset
//   `CIM_ASSERT(Name, prop)        prop holds at every rising edge while checks_on_q
//   `CIM_ASSUME(Name, prop)        the same, about the module's inputs: an assumption in a formal
//                                  proof, an assertion in simulation
//   `CIM_COVER(Name, prop)         a cover point: counted by Verilator's --coverage-user, a target
//                                  of a formal cover run
//   `CIM_COVER_AT_RESET(Name, prop)  a cover point sampled as rst_ni falls, so prop sees the state
//                                  the reset interrupts (simulation only: a formal run starts in
//                                  reset and Yosys turns the asynchronous reset synchronous)
//
// Each is an immediate assertion in a clocked block, the form Verilator 5.006 (--assert) and Yosys
// 0.23 (read_verilog -formal, which defines FORMAL) both take, $past, $stable, $rose and $fell
// included. In Verilator a failure prints "Assertion failed in <scope>.Name: Name" and stops the
// model's eval (harness/verilated turns it into an exception); Yosys takes no action block. Icarus 11
// has neither $past nor $stable, and synthesis has no use for checks: both skip them. The checks
// wait for their own flop rather than read rst_ni: reading the asynchronous reset synchronously is
// a lint error (SYNCASYNCNET), and a $past must reach back to a cycle already out of reset.
`ifndef CIM_ASSERT_SVH
`define CIM_ASSERT_SVH

`ifdef __ICARUS__
`define CIM_PARAM_RULE(ok, NAME, rule) \
  if (!(ok)) begin : g_bad_``NAME \
    cim_parameter_``NAME``_out_of_range u_param_error (); \
  end
`else
`define CIM_PARAM_RULE(ok, NAME, rule) \
  if (!(ok)) begin : g_bad_``NAME \
    $error(`"parameter NAME must be rule`"); \
  end
`endif

`define CIM_PARAM_RANGE(NAME, lo, hi) \
  `CIM_PARAM_RULE((NAME) >= (lo) && (NAME) <= (hi), NAME, in lo..hi)

// A parameter's in-range stand-in: what the datapath behind the ports is elaborated with, so that
// a bad value is reported by its check, quickly, and not first as a width error deep in the
// datapath (an out-of-range value stands in as the smallest).
`define CIM_STANDIN(v, lo, hi) ((((v) >= (lo)) && ((v) <= (hi))) ? (v) : (lo))

`ifdef FORMAL
`define CIM_CHECK_STMT_(NAME, prop) assert (prop);
`define CIM_ASSUME_STMT_(NAME, prop) assume (prop);
`else
`define CIM_CHECK_STMT_(NAME, prop) assert (prop) else $error(`"NAME`");
`define CIM_ASSUME_STMT_(NAME, prop) assert (prop) else $error(`"NAME`");
`endif

// Yosys defines SYNTHESIS under -formal too.
`ifdef FORMAL
`elsif SYNTHESIS
`define CIM_NO_CHECKS_
`elsif __ICARUS__
`define CIM_NO_CHECKS_
`endif

// A formal run starts in reset (every proof here does: see formal/), so its base case begins in
// a reachable state; the induction step starts anywhere.
`ifdef FORMAL
`define CIM_FORMAL_RESET_ initial assume (!rst_ni);
`else
`define CIM_FORMAL_RESET_
`endif

`ifdef CIM_NO_CHECKS_
`define CIM_CHECKS_ON
`define CIM_ASSERT(NAME, prop)
`define CIM_ASSUME(NAME, prop)
`define CIM_COVER(NAME, prop)
`define CIM_COVER_AT_RESET(NAME, prop)
`else
`define CIM_CHECKS_ON \
  `CIM_FORMAL_RESET_ \
  logic checks_on_q; \
  always_ff @(posedge clk_i or negedge rst_ni) begin : g_checks_on \
    if (!rst_ni) begin \
      checks_on_q <= 1'b0; \
    end else begin \
      checks_on_q <= 1'b1; \
    end \
  end
`define CIM_ASSERT(NAME, prop) \
  always @(posedge clk_i) begin : NAME \
    if (checks_on_q) begin \
      `CIM_CHECK_STMT_(NAME, prop) \
    end \
  end
`define CIM_ASSUME(NAME, prop) \
  always @(posedge clk_i) begin : NAME \
    if (checks_on_q) begin \
      `CIM_ASSUME_STMT_(NAME, prop) \
    end \
  end
`define CIM_COVER(NAME, prop) \
  always @(posedge clk_i) begin : NAME \
    if (checks_on_q) begin \
      cover (prop); \
    end \
  end
`ifdef FORMAL
`define CIM_COVER_AT_RESET(NAME, prop)
`else
`define CIM_COVER_AT_RESET(NAME, prop) \
  always @(negedge rst_ni) begin : NAME \
    if (checks_on_q) begin \
      cover (prop); \
    end \
  end
`endif
`endif

`endif  // CIM_ASSERT_SVH
