# SPDX-License-Identifier: Apache-2.0
# Yosys 0.23: a CIM macro mapped onto the OSU 0.18 um cells (run with yosys -c from the repository
# root). A static script fed by the environment (synth/synth.sh sets it):
#   CIM_LIB       the liberty file              CIM_TOP       cim_macro or cim_analog_macro
#   CIM_FILELIST  its filelist (rtl/*.f)        CIM_PARAMS    "ROWS 64 COLS 16 ...": chparam pairs
#   CIM_DELAY_PS  ABC's delay target            CIM_OUT       the output folder
#   CIM_INCDIRS   a DUT's include folders (space-separated; rtl/ is always searched after them)
#   CIM_LATCHES   none (any latch fails the run) or allowed (mapped onto LATCH)
#   CIM_FLATTEN_FIRST  1: flatten before mapping (only the flat results are written; synth.sh says
#                 when and why)
set lib $::env(CIM_LIB)
set top $::env(CIM_TOP)
set out $::env(CIM_OUT)
set flat [expr {$::env(CIM_FLATTEN_FIRST) == 1}]

yosys read_liberty -lib $lib
# The behavioral crossbar is read as an interface only (-lib): a blackbox that hierarchy -check
# accepts because it is declared, where an unknown module would fail. The files are read one by
# one in the filelist's order (the package first, then what uses it).
set incs {}
foreach dir $::env(CIM_INCDIRS) { lappend incs -I $dir }
lappend incs -I rtl  ;# after a DUT's own: its headers are found before the kit's namesakes
set fl [open $::env(CIM_FILELIST)]
foreach f [split [string trim [read $fl]] "\n"] {
  if {[string match */cim_analog_crossbar.sv $f]} {
    yosys read_verilog -sv -lib {*}$incs $f
  } else {
    yosys read_verilog -sv {*}$incs $f
  }
}
close $fl
set chparam {}
foreach {name value} $::env(CIM_PARAMS) { lappend chparam -set $name $value }
yosys chparam {*}$chparam $top
yosys hierarchy -check -top $top
# hierarchy can leave the top under a derived $paramod name (it does for the analog macro)
yosys rename -top $top

# Hierarchy is kept through mapping so the area splits by function; the netlist for timing and
# power is flattened afterwards. The OSU library has no tie cells, so the few constants that
# survive stay as constant pin connections.
if {$flat} { yosys synth -top $top -flatten } else { yosys synth -top $top }
# Latches only where the RTL means them (CIM_LATCHES none: the kit's macro with flip-flop
# storage has none, so one would be an inferred mistake), mapped onto the library's LATCH by
# synth/latch_map.v.
if {$::env(CIM_LATCHES) eq "none"} {
  yosys select -assert-none {t:$dlatch} {t:$_DLATCH_*}
}
yosys dfflibmap -liberty $lib
yosys techmap -map synth/latch_map.v
# ABC sizes and buffers against a driver and a load instead of leaving high-fanout nets bare.
yosys abc -liberty $lib -D $::env(CIM_DELAY_PS) -constr synth/abc.constr
yosys opt_clean -purge
yosys select -assert-none {t:$_DLATCH_*}
yosys check -assert
if {!$flat} { yosys tee -q -o $out/area_hier.txt stat -liberty $lib }

if {$top eq "cim_analog_macro"} {
  # The crossbar's pins become ports of the periphery: OpenSTA then times the drive path (to the
  # wordlines) and the capture path (from the ADC codes) separately, and the netlist links
  # without the behavioral model. Done before flattening, where the nets still have the RTL's
  # names.
  yosys cd $top
  yosys select -set xbar_out {c:u_xbar} {%x:+[codes_o,rd_data_o]} {c:u_xbar} %d
  yosys select -set xbar_in {c:u_xbar} {%x:+[wl_i,phase_i,conv_i,prog_i]} {c:u_xbar} %d {i:*} %d
  yosys expose -input @xbar_out
  yosys expose @xbar_in
  yosys delete {c:u_xbar}
  yosys cd
}
yosys flatten
yosys opt_clean -purge
yosys splitnets
yosys opt_clean -purge
# Cells named after the signals they drive (g_col[3].u_acc.acc_q...), so that timing reports name
# hierarchical start and end points instead of netlist ids.
yosys autoname
yosys check -assert
yosys tee -q -o $out/area_flat.txt stat -liberty $lib
yosys write_verilog -noattr -noexpr -nohex -nodec $out/netlist.v
