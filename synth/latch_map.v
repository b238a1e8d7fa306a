// SPDX-License-Identifier: Apache-2.0
// Yosys' latches onto the OSU 0.18 um LATCH cell (transparent while CLK is high), which Yosys
// 0.23's dfflibmap does not map: read by synth/synth.tcl (techmap -map). The standard-cell memory
// (cim_weight_store, SCM=1) and its clock gates (cim_clock_gate) are the only latches the RTL has.
module \$_DLATCH_P_ (input E, input D, output Q);
  LATCH _TECHMAP_REPLACE_ (.CLK(E), .D(D), .Q(Q));
endmodule

module \$_DLATCH_N_ (input E, input D, output Q);
  wire e_n;
  INVX1 u_inv (.A(E), .Y(e_n));
  LATCH _TECHMAP_REPLACE_ (.CLK(e_n), .D(D), .Q(Q));
endmodule
