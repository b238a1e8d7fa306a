// SPDX-License-Identifier: Apache-2.0
// cim_param_check: the elaboration-time checks of a macro's parameters; cim_macro and
// cim_analog_macro each instantiate it once. No logic.
//
// Every range and every rule between parameters comes from the record (rtl/cim_records.jsonc)
// through cim_params.svh's lists; the way to stop each tool from cim_assert.svh. A rule is
// checked only when the parameters it reads are in range, so that each bad value is reported as
// itself.
`include "cim_params.svh"
`include "cim_assert.svh"

module cim_param_check #(
  parameter bit ANALOG = 1'b0,  // cim_analog_macro: its own parameters and rules apply
  `CIM_ALL_PARAMS
) ();
  if (ANALOG) begin : g_analog
    `CIM_ANALOG_PARAM_RANGES
    `CIM_ANALOG_PARAM_RULES
  end else begin : g_digital
    `CIM_DIGITAL_PARAM_RANGES
    `CIM_DIGITAL_PARAM_RULES
  end
endmodule
