# SPDX-License-Identifier: Apache-2.0
# OpenSTA 2.0.17: timing, and with an activity file power, of a make-synth netlist. A static
# script fed by the environment (synth/synth.sh sets it):
#   CIM_LIB        the liberty file          CIM_NETLIST  the mapped netlist
#   CIM_TOP        its top module            CIM_PERIOD_NS  the clock period to time against
#   CIM_ANALOG     1: the analog periphery, whose crossbar pins are ports
#   CIM_ACTIVITY   set_power_activity commands of a simulated workload; empty: timing only
#   CIM_RESULT     where to write the figures report.py reads, as JSON (the log keeps OpenSTA's
#                  own reports for people)
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
report_checks -path_delay max -digits 3

# The figures, from OpenSTA's Tcl API rather than from its printed reports: times in ns and
# power in W, with the digits the printed reports show.
proc pin_name {pin} {
  if {[$pin is_top_level_port]} { return [get_full_name $pin] }
  return [get_full_name [$pin instance]]
}
proc worst_path_json {args} {
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
