# SPDX-License-Identifier: Apache-2.0
# OpenSTA 2.0.17: timing, and with an activity file power, of a make-synth netlist. A static
# script fed by the environment (synth/synth.sh sets it):
#   CIM_LIB        the liberty file          CIM_NETLIST  the mapped netlist
#   CIM_TOP        its top module            CIM_PERIOD_NS  the clock period to time against
#   CIM_ANALOG     1: the analog periphery, whose crossbar pins are ports
#   CIM_ACTIVITY   set_power_activity commands of a simulated workload; empty: timing only
#   CIM_RESULT     where to write the figures report.py reads, as JSON (the log keeps OpenSTA's
#                  own reports for people)
#   CIM_ROW_CLOCKS 1: the kit's standard-cell memory (SCM=1), whose row clocks are gated
read_liberty $::env(CIM_LIB)
read_verilog $::env(CIM_NETLIST)
link_design $::env(CIM_TOP)
create_clock -name clk -period $::env(CIM_PERIOD_NS) [get_ports clk_i]
set data_inputs [delete_from_list [all_inputs] [get_ports clk_i]]
set_input_delay 0 -clock clk $data_inputs
set_output_delay 0 -clock clk [all_outputs]
set_driving_cell -lib_cell INVX1 $data_inputs
set_load 0.01 [all_outputs]
# The asynchronous reset is distributed by its own buffer tree, like the clock; its recovery
# check is not the macro's critical path.
set_false_path -from [get_ports rst_ni]
# The standard-cell memory (SCM=1, rtl/cim_weight_store.sv): a row's latches open in the second
# half of the cycle after its write, so a path from one starts at the falling edge. The array
# reads the rows from the second rising edge after it on (cim_macro takes no request in a write's
# cycle): two cycles of setup from that edge; the read register, for a read in the next cycle,
# at the first (half a cycle). The clock gates' own latches (u_gate) are timed as they are, and
# OpenSTA infers the check of each gate's enable (path group clock_gating_default).
set row_clocks [expr {[info exists ::env(CIM_ROW_CLOCKS)] ? $::env(CIM_ROW_CLOCKS) : ""}]
if {$row_clocks ne ""} {
  set storage_latches {}
  foreach cell [get_cells * -filter "ref_name == LATCH"] {
    if {![string match *u_gate* [get_full_name $cell]]} { lappend storage_latches $cell }
  }
  if {$storage_latches eq {}} { error "SCM=1 but no storage latch in the netlist" }
  # The read register drives rd_data_o: Yosys' autoname calls each of its flops after its bit.
  set read_register [get_cells {rd_data_o_DFF*} -filter "ref_name =~ DFF*"]
  if {[llength $read_register] != [llength [get_ports rd_data_o*]]} {
    error "the read register: [llength $read_register] flops for [llength [get_ports rd_data_o*]] bits"
  }
  set_multicycle_path 2 -setup -from $storage_latches
  set_multicycle_path 1 -hold -from $storage_latches
  set_multicycle_path 1 -setup -from $storage_latches -to $read_register
  set_multicycle_path 0 -hold -from $storage_latches -to $read_register
}
report_checks -path_delay max -digits 3

# The figures, from OpenSTA's Tcl API rather than from its printed reports: times in ns and
# power in W, with the digits the printed reports show.
proc pin_name {pin} {
  if {[$pin is_top_level_port]} { return [get_full_name $pin] }
  return [get_full_name [$pin instance]]
}
# The worst path (of those args select; by default each ending at a flip-flop or an output: a
# path into a latch borrows time, its slack then 0, and goes on from the latch's output).
proc worst_path_json {args} {
  if {$args eq {}} {
    set args [list -to [concat [all_registers -edge_triggered -data_pins] [all_outputs]]]
  }
  set worst {}
  foreach path [find_timing_paths -path_delay max {*}$args] {
    if {$worst eq {} || [$path slack] < [$worst slack]} { set worst $path }
  }
  if {$worst eq {}} { error "no timing path for: $args" }
  return [format {{"slack_ns": %.3f, "arrival_ns": %.3f, "from": "%s", "to": "%s"}} \
            [expr {[$worst slack] * 1e9}] [expr {[$worst data_arrival_time] * 1e9}] \
            [pin_name [get_property $worst startpoint]] [pin_name [get_property $worst endpoint]]]
}
set result [list "\"worst\": [worst_path_json]"]

set analog [expr {$::env(CIM_ANALOG) == 1}]
if {$::env(CIM_ACTIVITY) eq ""} {
  if {$analog} {
    # Each side of the crossbar on its own: the drive path ends at the wordline/phase/convert
    # pins, the capture path starts at the ADC codes.
    set drive_ends [get_ports {wl[*] conv phase*}]
    set capture_starts [get_ports {codes[*]}]
    puts "crossbar drive path:"
    report_checks -path_delay max -digits 3 -to $drive_ends
    puts "crossbar capture path:"
    report_checks -path_delay max -digits 3 -from $capture_starts
    lappend result "\"crossbar_drive\": [worst_path_json -to $drive_ends]"
    lappend result "\"crossbar_capture\": [worst_path_json -from $capture_starts]"
  }
} else {
  source $::env(CIM_ACTIVITY)
  if {$row_clocks ne ""} {
    # OpenSTA gives a gated clock its clock's activity; a row's clock (and the written word's)
    # pulses only for a write, and the workload writes nothing (synth.sh checks): each gate's
    # output, and the buffers after it (named after the row_clk or wdata_clk they drive), is
    # held at 0. (OpenSTA 2.0.17's
    # set_power_activity -pins fails, so a workload with writes cannot be modelled here.)
    set gated {}
    foreach pin [get_pins -of_objects [get_cells -quiet {*row_clk_* *wdata_clk_* *clk_o_*}]] {
      if {[get_property $pin direction] eq "output"} { lappend gated $pin }
    }
    if {$gated eq {}} { error "SCM=1 but no row clock gate in the netlist" }
    # OpenSTA 2.0.17 crashes in report_power when a case is set before its first power
    # computation (found by bisecting a 16x4 netlist): one first, unused.
    sta::design_power [sta::cmd_corner]
    set_case_analysis 0 $gated
  }
  if {$analog} {
    # The simulation sees the macro's ports, not the crossbar's. Assumed: every ADC code bit
    # toggles like a random bit (an upper bound), and the read word holds still (the workload
    # issues no reads).
    set_power_activity -input_ports [get_ports {codes[*]}] -activity 0.5 -duty 0.5
    set_power_activity -input_ports [get_ports {rd_word[*]}] -activity 0 -duty 0
  }
  report_power -digits 6
  # design_power: internal, switching, leakage and total for the design, then for each group.
  set groups {}
  foreach name {total sequential combinational macro pad} {internal switching leakage total} \
      [sta::design_power [sta::cmd_corner]] {
    lappend groups [format {"%s": {"internal_w": %.6e, "switching_w": %.6e, "leakage_w": %.6e, "total_w": %.6e}} \
                      $name $internal $switching $leakage $total]
  }
  lappend result "\"power\": {[join $groups {, }]}"
}
set out [open $::env(CIM_RESULT) w]
puts $out "{[join $result {, }]}"
close $out
