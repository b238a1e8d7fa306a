// SPDX-License-Identifier: Apache-2.0
// The widths derived from the macros' parameters, as functions of cim_pkg (included there): the
// one SystemVerilog home of each formula, as OpenTitan's prim_util_pkg::vbits. The C++ twins are
// Params' (golden/include/cim/params.h) and AnalogParams' (analog.h). A function assigns its own
// name (Yosys 0.23 takes no return in a constant function).

  // Bits to index n things, at least 1: a row address (ROWS), an ADC phase (ADC_SHARE).
  function automatic int vbits(input int n);
    vbits = (n > 1) ? $clog2(n) : 1;
  endfunction

  // Bits of a count 0..n: the precision ports (req_abits_i 0..ABITS, req_wbits_i 0..WBITS).
  function automatic int count_w(input int n);
    count_w = $clog2(n + 1);
  endfunction

  // Bits of a result (OUTW): the widest product sum of ROWS rows, sign included.
  function automatic int out_w(input int rows, input int wbits, input int abits);
    out_w = abits + wbits + $clog2(rows) + 1;
  endfunction

  // The analog macro's device pairs per output channel: the WBITS-1 low bits in CELL_BITS-bit
  // slices, the sign bit alone.
  function automatic int slices(input int wbits, input int cell_bits);
    slices = (wbits - 1 + cell_bits - 1) / cell_bits + 1;
  endfunction

  // The analog macro's ADC code width: a bipolar count of ROWS x (2^CELL_BITS - 1) levels.
  function automatic int adc_code_w(input int rows, input int cell_bits);
    adc_code_w = $clog2(rows * ((1 << cell_bits) - 1) + 1) + 2;
  endfunction
