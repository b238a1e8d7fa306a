// Elaboration-time parameter checks, one line each, in all three tools (the idea of OpenTitan's
// prim_assert.sv: the tool differences live here and nowhere else).
//
//   `CIM_PARAM_RANGE(ROWS, `CIM_ROWS_MIN, `CIM_ROWS_MAX)   ROWS within lo..hi
//   `CIM_PARAM_RULE(ok, ABITS_PER_CYCLE, a power of two <= ABITS)
//
// Under Verilator and Yosys a check stops on $error with "parameter NAME must be RULE". Icarus 11
// has no elaboration-time $error, so it is stopped by instantiating a module that does not exist,
// named cim_parameter_NAME_out_of_range. Use each check in a module scope (it opens a generate
// block). The tools find these headers with -I rtl (Verilator, Icarus; Yosys looks beside the file).
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

`endif  // CIM_ASSERT_SVH
