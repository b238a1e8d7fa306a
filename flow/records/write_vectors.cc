// SPDX-License-Identifier: Apache-2.0
// flow/cim_vector_ports.svh: the Icarus vector testbench's signals, connection, reader and
// checker, from the record's port list.
#include "writers.h"

namespace cim::records {

std::string sv_vector_ports(const Record& r) {
  struct Shown {
    std::string name, width;
    std::string fields, bits;  // how many values and the width of each
    std::string what;
    bool is_signed;
  };
  std::vector<Shown> in, out;
  for (const Port& p : r.ports) {
    if (p.clock) continue;
    Port one_field = p, one_bit = p;
    one_field.bits = parse_expr("1");
    one_bit.fields = parse_expr("1");
    (p.input ? in : out)
        .push_back(
            {p.name, sv_width(p), sv_width(one_field), sv_width(one_bit), p.what, p.is_signed});
  }
  std::string s;
  for (const Shown& p : in) s += "  logic [" + p.width + "-1:0] " + p.name + ";\n";
  for (const Shown& p : out) {
    s += "  logic [" + p.width + "-1:0] " + p.name + ", want_" + p.name + ";\n";
  }
  s += "  localparam int VectorFields = " + std::to_string(in.size() + out.size()) +
       ";\n`define CIM_VECTOR_CONNECT \\\n    .clk_i(clk_i)";
  for (const Shown& p : in) s += ", \\\n    ." + p.name + "(" + p.name + ")";
  for (const Shown& p : out) s += ", \\\n    ." + p.name + "(" + p.name + ")";
  s += "\n\n  // The fields read from a line: VectorFields when it is whole.\n"
       "  task automatic read_vector(input string line, output int fields);\n"
       "    fields = $sscanf(line, \"";
  for (std::size_t i = 0; i < in.size() + out.size(); ++i) s += i ? " %h" : "%h";
  s += "\",\n";
  for (const Shown& p : in) s += "                     " + p.name + ",\n";
  for (std::size_t i = 0; i < out.size(); ++i) {
    s += "                     want_" + out[i].name + (i + 1 < out.size() ? ",\n" : ");\n");
  }
  s += "  endtask\n\n"
       "  // Every output against the golden model's value, 4-state: an X or Z differs. A bus is\n"
       "  // compared field by field (\"rsp_data_o[channel 3]\"), values in decimal; first_diff\n"
       "  // keeps the first differing cycle.\n"
       "  task automatic check_outputs(input longint cycle, inout longint mismatches,\n"
       "                               inout longint unknown, inout longint first_diff);\n";
  for (const Shown& p : out) {
    s += "    if ($isunknown(" + p.name + ")) unknown++;\n";
    const bool bus = !p.what.empty();
    const std::string index = bus ? "[i*" + p.bits + " +: " + p.bits + "]" : "";
    const std::string got = p.name + index, want = "want_" + p.name + index;
    const std::string shown =
        p.is_signed ? "$signed(" + got + "), $signed(" + want + ")" : got + ", " + want;
    const std::string indent = bus ? "      " : "    ";
    if (bus) s += "    for (int i = 0; i < " + p.fields + "; i++) begin\n";
    s += indent + "if (" + got + " !== " + want + ") begin\n" + indent + "  mismatches++;\n" +
         indent + "  if (first_diff < 0) first_diff = cycle;\n" + indent +
         "  if (mismatches <= 10) $display(\"cycle %0d: " + p.name +
         (bus ? "[" + p.what + " %0d]" : "") + " is %0d, the golden model's is %0d\", cycle, " +
         (bus ? "i, " : "") + shown + ");\n" + indent + "end\n";
    if (bus) s += "    end\n";
  }
  return s + "  endtask\n";
}

}  // namespace cim::records
