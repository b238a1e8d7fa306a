rtl/cim_param_check.sv
rtl/cim_adder_tree.sv
rtl/cim_shift_acc.sv
rtl/cim_wbit_combine.sv
rtl/cim_bitcell_mul.sv
rtl/cim_weight_store.sv
rtl/cim_ctrl.sv
rtl/cim_macro.sv
