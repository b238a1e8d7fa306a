// SPDX-License-Identifier: Apache-2.0
// The signed shift-and-add of the two weight combiners (cim_wbit_combine after the adder trees,
// cim_slice_combine after the ADCs), written once:
//
//   `CIM_SIGNED_TERM(en, neg, shifted)  a count shifted to its weight: 0 when its column takes no
//                                       part (en low), negated when it weighs negative (neg)
//   `CIM_SUM_TERMS(sum, terms, N, W)    sum = the N terms of W bits packed in `terms`, term t in
//                                       [t*W +: W], added in order (combinational)
//
// Macros rather than a module: every term's shifted-in zeros are constant, and synthesis folds
// constants away only inside one module (make synth maps the hierarchy module by module).
`ifndef CIM_SIGNED_SUM_SVH
`define CIM_SIGNED_SUM_SVH

`define CIM_SIGNED_TERM(en, neg, shifted) (!(en) ? '0 : (neg) ? -(shifted) : (shifted))

`define CIM_SUM_TERMS(sum, terms, N, W) \
  always_comb begin \
    sum = '0; \
    for (int t = 0; t < (N); t++) begin \
      sum = sum + terms[t*(W) +: (W)]; \
    end \
  end

`endif  // CIM_SIGNED_SUM_SVH
