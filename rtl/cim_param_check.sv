// SPDX-License-Identifier: Apache-2.0
// cim_param_check: the elaboration-time checks of a macro's parameters; cim_macro and
// cim_analog_macro each instantiate it once. No logic.
//
// Ranges come from cim_limits.svh, the way to stop each tool from cim_assert.svh. A rule that
// depends on another parameter is checked only when that parameter is in range, so that each bad
// value is reported as itself.
`include "cim_limits.svh"
`include "cim_assert.svh"

module cim_param_check #(
  parameter int ROWS            = 64,
  parameter int COLS            = 16,
  parameter int WBITS           = 8,
  parameter int ABITS           = 8,
  parameter int ABITS_PER_CYCLE = 1,
  parameter bit ANALOG          = 1'b0,  // cim_analog_macro: the three below apply
  parameter int CELL_BITS       = 2,
  parameter int ADC_BITS        = 8,
  parameter int ADC_SHARE       = 1
) ();
  `CIM_PARAM_RANGE(ROWS, `CIM_ROWS_MIN, `CIM_ROWS_MAX)
  `CIM_PARAM_RANGE(COLS, `CIM_COLS_MIN, `CIM_COLS_MAX)
  `CIM_PARAM_RANGE(WBITS, `CIM_WBITS_MIN, `CIM_WBITS_MAX)
  `CIM_PARAM_RANGE(ABITS, `CIM_ABITS_MIN, `CIM_ABITS_MAX)

  localparam bit AbitsOk = ABITS >= `CIM_ABITS_MIN && ABITS <= `CIM_ABITS_MAX;
  // Yosys and Icarus reject `inside`, hence the spelled-out power-of-two test.
  localparam bit ApcPow2 = ABITS_PER_CYCLE >= 1 && (ABITS_PER_CYCLE & (ABITS_PER_CYCLE - 1)) == 0;
  if (ANALOG) begin : g_analog
    // One activation bit per cycle: the rows are driven by 1-bit DACs.
    `CIM_PARAM_RULE(ABITS_PER_CYCLE == 1, ABITS_PER_CYCLE, 1 for the analog macro)
    `CIM_PARAM_RANGE(CELL_BITS, `CIM_CELL_BITS_MIN, `CIM_CELL_BITS_MAX)
    `CIM_PARAM_RANGE(ADC_BITS, `CIM_ADC_BITS_MIN, `CIM_ADC_BITS_MAX)
    `CIM_PARAM_RANGE(ADC_SHARE, `CIM_ADC_SHARE_MIN, `CIM_ADC_SHARE_MAX)
    // No ADC without a column pair to convert: ADC_SHARE <= COLS x slices.
    localparam bit SizesOk = CELL_BITS >= `CIM_CELL_BITS_MIN && CELL_BITS <= `CIM_CELL_BITS_MAX &&
                             WBITS >= `CIM_WBITS_MIN && WBITS <= `CIM_WBITS_MAX &&
                             COLS >= `CIM_COLS_MIN && COLS <= `CIM_COLS_MAX;
    localparam int Pairs = SizesOk ? COLS * ((WBITS - 1 + CELL_BITS - 1) / CELL_BITS + 1) : 1;
    if (SizesOk) begin : g_share
      `CIM_PARAM_RULE(ADC_SHARE <= Pairs, ADC_SHARE, at most the column pairs COLS x slices)
    end
  end else if (AbitsOk) begin : g_digital
    `CIM_PARAM_RULE(ApcPow2 && ABITS_PER_CYCLE <= ABITS, ABITS_PER_CYCLE, a power of two up to ABITS)
  end
endmodule
