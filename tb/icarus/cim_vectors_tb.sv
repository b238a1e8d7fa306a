// SPDX-License-Identifier: Apache-2.0
// cim_vectors_tb: a macro's RTL against a vector file of `cimsim vectors`, in Icarus Verilog
// (4-state). Each line's inputs are applied with the clock low; after they settle every output is
// compared with the golden model's value with !==, so an X or Z is a difference too, and any X or
// Z on an output is counted on its own; then the clock rises. The file's parameter line must be
// this elaboration's. Run by tb/icarus/run.sh:
//
//   vvp cim_vectors_tb.vvp +vectors=FILE [the file's plusargs line]
//
// prints one line, "cim_vectors_tb: PASS ..." or "cim_vectors_tb: FAIL ...".
`timescale 1ns / 1ps
`include "cim_params.svh"

module cim_vectors_tb #(
  parameter int ANALOG = 0,  // 1: cim_analog_macro
  `CIM_ALL_PARAMS,
`include "cim_port_widths.svh"
);
  logic clk_i = 1'b0;
`include "cim_vector_ports.svh"

  // The DUT: cim_macro, cim_analog_macro (ANALOG), or a DUT of your own that claims the reference
  // timing (+define+CIM_DUT_TOP=my_macro; docs/your-macro.md).
`ifndef CIM_DUT_TOP
  `define CIM_DUT_TOP cim_macro
  `define CIM_VECTORS_DIGITAL_MAP `CIM_DIGITAL_PARAM_MAP
`else
  `define CIM_VECTORS_DIGITAL_MAP `CIM_DIGITAL_DUT_PARAM_MAP
`endif
  if (ANALOG != 0) begin : g_analog
    cim_analog_macro #(`CIM_ANALOG_PARAM_MAP) u_dut (
      `CIM_VECTOR_CONNECT
    );
  end else begin : g_digital
    `CIM_DUT_TOP #(`CIM_VECTORS_DIGITAL_MAP) u_dut (
      `CIM_VECTOR_CONNECT
    );
  end

  initial begin
    string path, line, params;
    logic [8*8192-1:0] text;  // Icarus 11 reads a line into a vector, not a string
    string vcd, where;
    int fd, fields, line_no;
    longint cycle, mismatches, unknown, first_diff, vcd_from, vcd_to;
    params = {"# params ", ANALOG != 0 ? `CIM_ANALOG_PARAM_TEXT : `CIM_DIGITAL_PARAM_TEXT};
    if (!$value$plusargs("vectors=%s", path)) begin
      $display("cim_vectors_tb: FAIL: give the vector file as +vectors=FILE");
      $finish;
    end
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("cim_vectors_tb: FAIL: cannot open %s", path);
      $finish;
    end
    // +vcd=FILE +vcd_from=N +vcd_to=M: a VCD of cycles N..M (tb/icarus/run.sh asks for the window
    // around the first difference when a run fails).
    if (!$value$plusargs("vcd=%s", vcd)) vcd = "";
    if (!$value$plusargs("vcd_from=%d", vcd_from)) vcd_from = 0;
    if (!$value$plusargs("vcd_to=%d", vcd_to)) vcd_to = -1;
    cycle = 0;
    mismatches = 0;
    unknown = 0;
    first_diff = -1;
    line_no = 0;
    while ($fgets(text, fd) != 0) begin
      line = $sformatf("%0s", text);
      line_no++;
      if (line.len() > 0 && line[line.len() - 1] == "\n") line = line.substr(0, line.len() - 2);
      if (line.len() >= 8 && line.substr(0, 7) == "# params" && line != params) begin
        $display("cim_vectors_tb: FAIL: %s:%0d: '%s', but this testbench is '%s'", path, line_no,
                 line, params);
        $finish;
      end
      if (line.len() > 0 && line[0] != "#") begin
        read_vector(line, fields);
        if (fields != VectorFields) begin
          $display("cim_vectors_tb: FAIL: %s:%0d: %0d of the %0d hex fields a line has", path,
                   line_no, fields, VectorFields);
          $finish;
        end
        if (vcd != "" && cycle == vcd_from) begin
          $dumpfile(vcd);
          $dumpvars(0, cim_vectors_tb);
        end
        if (vcd != "" && cycle == vcd_to + 1) $dumpoff;
        #1;
        check_outputs(cycle, mismatches, unknown, first_diff);
        clk_i = 1'b1;
        #1;
        clk_i = 1'b0;
        cycle++;
      end
    end
    $fclose(fd);
    where = "";
    if (first_diff >= 0) where = $sformatf(", first difference at cycle %0d", first_diff);
    $display("cim_vectors_tb: %s: %0d cycles, %0d outputs differing from the golden model, %0d X or Z%s",
             (cycle > 0 && mismatches == 0 && unknown == 0) ? "PASS" : "FAIL", cycle, mismatches,
             unknown, where);
    $finish;
  end
endmodule
