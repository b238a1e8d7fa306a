// SPDX-License-Identifier: Apache-2.0
// cim_param_check: the elaboration-time checks of a macro's parameters; cim_macro and
// cim_analog_macro each instantiate it once. No logic.
//
// Every range comes from rtl/cim_params.txt through cim_params.svh's range lists; the way to stop
// each tool from cim_assert.svh. A rule that depends on another parameter is checked only when
// both are in range, so that each bad value is reported as itself.
`include "cim_params.svh"
`include "cim_assert.svh"

module cim_param_check #(
  parameter bit ANALOG = 1'b0,  // cim_analog_macro: its own parameters and rules apply
  `CIM_ALL_PARAMS
) ();
  localparam bit AbitsOk = ABITS >= cim_pkg::AbitsMin && ABITS <= cim_pkg::AbitsMax;
  localparam bit ApcOk = ABITS_PER_CYCLE >= cim_pkg::AbitsPerCycleMin &&
                         ABITS_PER_CYCLE <= cim_pkg::AbitsPerCycleMax;
  // Yosys and Icarus reject `inside`, hence the spelled-out power-of-two test.
  localparam bit ApcPow2 = (ABITS_PER_CYCLE & (ABITS_PER_CYCLE - 1)) == 0;
  if (ANALOG) begin : g_analog
    `CIM_ANALOG_PARAM_RANGES
    // One activation bit per cycle: the rows are driven by 1-bit DACs.
    if (ApcOk) begin : g_apc
      `CIM_PARAM_RULE(ABITS_PER_CYCLE == 1, ABITS_PER_CYCLE, 1 for the analog macro)
    end
    // No ADC without a column pair to convert: ADC_SHARE <= COLS x slices.
    localparam bit SizesOk = CELL_BITS >= cim_pkg::CellBitsMin && CELL_BITS <= cim_pkg::CellBitsMax &&
                             WBITS >= cim_pkg::WbitsMin && WBITS <= cim_pkg::WbitsMax &&
                             COLS >= cim_pkg::ColsMin && COLS <= cim_pkg::ColsMax;
    localparam int Pairs = SizesOk ? COLS * cim_pkg::slices(WBITS, CELL_BITS) : 1;
    if (SizesOk) begin : g_share
      `CIM_PARAM_RULE(ADC_SHARE <= Pairs, ADC_SHARE, at most the column pairs COLS x slices)
    end
  end else begin : g_digital
    `CIM_DIGITAL_PARAM_RANGES
    if (AbitsOk && ApcOk) begin : g_apc
      `CIM_PARAM_RULE(ApcPow2 && ABITS_PER_CYCLE <= ABITS, ABITS_PER_CYCLE, a power of two up to ABITS)
    end
    // Every value of the set ports names a set.
    if (WSETS >= cim_pkg::WsetsMin && WSETS <= cim_pkg::WsetsMax) begin : g_wsets
      `CIM_PARAM_RULE((WSETS & (WSETS - 1)) == 0, WSETS, a power of two)
    end
  end
endmodule
