rtl/cim_pkg.sv
rtl/cim_param_check.sv
rtl/cim_shift_acc.sv
rtl/cim_ctrl.sv
rtl/cim_read_reg.sv
rtl/analog/cim_slice_combine.sv
rtl/analog/cim_analog_crossbar.sv
rtl/analog/cim_analog_macro.sv
