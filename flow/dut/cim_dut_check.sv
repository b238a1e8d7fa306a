// SPDX-License-Identifier: Apache-2.0
// cim_dut_check: what the kit needs of a DUT's top (docs/your-macro.md), checked before anything is
// built (cmake/opencim_dut.cmake lints it with Verilator). It instantiates `CIM_DUT_TOP with every
// parameter the kit sets and every port the kit drives or reads, each connected by name
// (CIM_VECTOR_CONNECT, generated from the record's port list, rtl/cim_records.jsonc), so a
// missing port or parameter is an elaboration error that names it. A DUT that names a storage hook
// (STORAGE=[INSTANCE.]VARIABLE) is checked to have it below its top.
`include "cim_params.svh"

module cim_dut_check #(
  `CIM_ALL_PARAMS,
`include "cim_port_widths.svh"
);
  logic clk_i;
`include "cim_vector_ports.svh"

`ifdef CIM_DUT_ANALOG
  `CIM_DUT_TOP #(`CIM_ANALOG_DUT_PARAM_MAP
`else
  `CIM_DUT_TOP #(`CIM_DIGITAL_DUT_PARAM_MAP
`endif
  ) u_dut (
    `CIM_VECTOR_CONNECT
  );
`ifdef CIM_DUT_STORAGE
  // A reference Verilator resolves (in a procedure: a continuous assignment would declare an
  // unknown last name as an implicit net).
  int storage_bits;
  always_comb storage_bits = $bits(u_dut.`CIM_DUT_STORAGE);
`endif
endmodule
