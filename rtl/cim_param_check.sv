// cim_param_check: elaboration-time checks of the parameters both macros share (cim_macro and
// cim_analog_macro); instantiate it in the top. No logic.
//
// An out-of-range parameter stops elaboration naming it: $error in Verilator and Yosys; Icarus
// has no elaboration-time $error, so it is stopped by a deliberately missing module whose name
// states the rule.
module cim_param_check #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter int ABITS = 8
) ();
  if (ROWS < 2) begin : g_bad_rows
`ifdef __ICARUS__
    cim_ROWS_must_be_at_least_2 u_param_error ();
`else
    $error("cim: parameter ROWS must be >= 2");
`endif
  end
  if (COLS < 1) begin : g_bad_cols
`ifdef __ICARUS__
    cim_COLS_must_be_at_least_1 u_param_error ();
`else
    $error("cim: parameter COLS must be >= 1");
`endif
  end
  if (WBITS < 1 || WBITS > 16) begin : g_bad_wbits
`ifdef __ICARUS__
    cim_WBITS_must_be_1_to_16 u_param_error ();
`else
    $error("cim: parameter WBITS must be in 1..16");
`endif
  end
  if (ABITS < 1 || ABITS > 16) begin : g_bad_abits
`ifdef __ICARUS__
    cim_ABITS_must_be_1_to_16 u_param_error ();
`else
    $error("cim: parameter ABITS must be in 1..16");
`endif
  end
endmodule
