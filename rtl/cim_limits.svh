// SPDX-License-Identifier: Apache-2.0
// The parameter ranges of cim_macro and cim_analog_macro: the one home of these numbers.
//
// The RTL checks them at elaboration (cim_param_check); CMake turns this file into the C++
// limits (cim/limits.h: golden validation, cimsim, the harness); synth/synth.sh reads it for make
// synth's checks; a test compares docs/macro.md's parameter table with it. Rules between
// parameters (ABITS_PER_CYCLE a power of two <= ABITS; ADC_SHARE <= the column pairs) are stated
// beside each check, not here.
`ifndef CIM_LIMITS_SVH
`define CIM_LIMITS_SVH

`define CIM_ROWS_MIN 2
`define CIM_ROWS_MAX 1024
`define CIM_COLS_MIN 1
`define CIM_COLS_MAX 512
`define CIM_WBITS_MIN 1
`define CIM_WBITS_MAX 16
`define CIM_ABITS_MIN 1
`define CIM_ABITS_MAX 16
`define CIM_ABITS_PER_CYCLE_MIN 1
`define CIM_ABITS_PER_CYCLE_MAX 16
`define CIM_CELL_BITS_MIN 1
`define CIM_CELL_BITS_MAX 4
`define CIM_ADC_BITS_MIN 1
`define CIM_ADC_BITS_MAX 14
`define CIM_ADC_SHARE_MIN 1
`define CIM_ADC_SHARE_MAX 1024

`endif  // CIM_LIMITS_SVH
