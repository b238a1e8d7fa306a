// acme_cim's sources, relative to the repository root (where make runs); the kit's leaf modules
// and their headers (+incdir+) first.
+incdir+rtl
+incdir+examples/renamed
rtl/cim_pkg.sv
rtl/cim_ctrl.sv
rtl/cim_weight_store.sv
rtl/cim_read_reg.sv
rtl/cim_clock_gate.sv
rtl/cim_adder_tree.sv
rtl/cim_wbit_combine.sv
rtl/cim_shift_acc.sv
examples/renamed/acme_column.sv
examples/renamed/acme_cim.sv
