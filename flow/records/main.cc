// SPDX-License-Identifier: Apache-2.0
// cim_records RECORD OUT: reads the macros' records (rtl/cim_records.jsonc) and writes every
// checked-in file generated from them under OUT, at its path in the repository, and each generated
// block of a doc as OUT/blocks/MARKER. Prints what it wrote, one line each, for flow/facts.sh:
//   file PATH                 OUT/PATH is the whole of PATH
//   block PATH MARKER         OUT/blocks/MARKER is PATH's text between its MARKER markers
// cim_records --headers RECORD OUT: the C++ headers, which only a build reads (OUT/cim/limits.h,
// OUT/cim/port_list.h; the build writes them, they are not checked in).
// A bad record exits 2 naming the entry and what is wrong, having written nothing.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "writers.h"

namespace cim::records {
namespace {

struct Output {
  std::string path;     // in the repository, or below a build's include folder
  std::string marker;   // empty for a whole file
  std::string comment;  // how a line comment starts in it ("//", "#"): it gets the header
  std::string (*write)(const Record&);
  std::string what;  // the header's description of the file
};

const std::vector<Output>& headers() {
  static const std::vector<Output> list = {
      {"cim/limits.h", "", "//", cpp_limits,
       "The C++ record: each parameter as a ParamInfo, the rules "
       "between them, and the functions of cim_pkg as their twins."},
      {"cim/port_list.h", "", "//", cpp_port_list,
       "The macro's ports but the clock, in the RTL's order, inputs and outputs apart: the C++ "
       "port list. Each entry is X(port, member, fields, bits, what, is_signed): port, the RTL "
       "name; member, the Inputs / Outputs member holding it; fields, how many values the port "
       "carries and bits, the width of each (expressions of `p`, the Params); what, what one "
       "value is (\"row\", \"channel\"; \"\" for a plain port); is_signed, values are "
       "sign-extended. The Verilated adapter packs and unpacks ports from it, the lockstep "
       "compares and names them from it, and the activity counter walks it. Inputs and Outputs "
       "hold a cycle's values, a member per port."},
  };
  return list;
}

const std::vector<Output>& checked_in() {
  static const std::vector<Output> list = {
      {"rtl/cim_pkg.sv", "", "//", sv_pkg,
       "cim_pkg: each parameter's range and default, and the record's functions, as OpenTitan's "
       "prim_util_pkg. Yosys 0.23 takes a package by its name only (cim_pkg::vbits, no import); a "
       "function assigns its own name (no return in a constant function). Guarded, so that a file "
       "using it can include it (`include \"cim_pkg.sv\"): the sources then compile in any order, "
       "once."},
      {"rtl/cim_params.svh", "", "//", sv_params,
       "Each macro's parameters as lists, so that a new parameter reaches every module, "
       "testbench and check that passes them on:"
       "\n  `CIM_<M>_PARAMS         the declarations, defaults from cim_pkg (in #(...), no comma "
       "after)"
       "\n  `CIM_<M>_PARAM_MAP      .ROWS(ROWS), ...: passing them on by name"
       "\n  `CIM_<M>_DUT_PARAM_MAP  those a DUT of the kind takes too (docs/your-macro.md)"
       "\n  `CIM_<M>_PARAM_RANGES   each one's range check (cim_param_check; cim_assert.svh)"
       "\n  `CIM_<M>_PARAM_RULES    the rules between them, each checked once the parameters it "
       "reads"
       "\n                          are in range (so that a bad value is reported as itself)"
       "\n  `CIM_<M>_PARAM_TEXT     \"ROWS=64 COLS=16 ...\": a vector file's parameter line"
       "\n  `CIM_<M>_WIDTH_STANDINS before cim_port_widths.svh: each parameter the widths read "
       "that <M>"
       "\n                          does not take, as a localparam at its default (DUT too)"
       "\nwith <M> DIGITAL (cim_macro), ANALOG (cim_analog_macro) or ALL (every parameter; no "
       "rules)."},
      {"rtl/cim_port_widths.svh", "", "//", sv_port_widths,
       "The port widths of a CIM macro, from its parameters: included inside a parameter list, "
       "last, after the macro's own (`CIM_DIGITAL_PARAMS, `CIM_ANALOG_PARAMS of cim_params.svh; "
       "WSETS too: a macro without weight sets, and cim_port_checks, declare it 1)."},
      {"rtl/cim_macro_ports.svh", "", "//", sv_macro_ports,
       "The port list of a CIM macro top, shared by cim_macro and "
       "cim_analog_macro (docs/macro.md describes each port). Expects the "
       "parameters and the widths of cim_port_widths.svh."},
      {"rtl/cim_compute_ports.svh", "", "//", sv_compute_ports,
       "The request and response handshake ports (the record's compute "
       "ports), which cim_ctrl sequences: included inside its port list, "
       "every one followed by a comma. Expects the parameters and the widths "
       "of cim_port_widths.svh."},
      {"rtl/cim_port_check_ports.svh", "", "//", sv_check_ports,
       "Every port of a CIM macro as an input of rtl/cim_port_checks.sv, which is bound to a DUT "
       "and connected by name. Expects the parameters and the widths of cim_port_widths.svh."},
      {"flow/cim_vector_ports.svh", "", "//", sv_vector_ports,
       "Included by tb/icarus/cim_vectors_tb.sv. A vector line (cimsim vectors) is every input, "
       "then every output as the golden model computed it, one hex number each, in this order; "
       "want_<output> holds the golden model's value."},
      {"flow/cim_tb_ports.svh", "", "//", sv_tb_ports,
       "A testbench's view of a CIM macro's ports (synth/gls_tb.sv, tb/plusargs_tb.sv), after "
       "the parameters and the widths of cim_port_widths.svh:"
       "\n  `CIM_TB_INPUTS        every input but the clock as a signal of the port's name, 0 at "
       "time 0"
       "\n  `CIM_TB_OUTPUTS(S)    every output as S_<port>, one side's view"
       "\n  `CIM_TB_ALL_OUTPUTS(S) side S's outputs as one concatenation, in the port list's order"
       "\n  `CIM_TB_CONNECT(S)    a macro's ports by name: the clock to clk_i, every input to its "
       "signal,"
       "\n                       every output to side S's"
       "\n  `CIM_TB_IDLE          every input 0 and every output open: a macro only elaborated"},
      {"flow/params_table.sh", "", "#", shell_table,
       "The record as bash reads it, sourced by flow/params.sh: cim_names lists the parameters in "
       "the record's order; cim_lo, cim_hi, cim_default, cim_macros (\" digital analog dut \"), "
       "cim_tag (a trailing ? when named only away from its default) and cim_option (how cimsim "
       "selects it) hold each one's fields; cim_check_rules WHO checks the rules between them "
       "for the macro cim_param[MACRO] names, once every range has been checked."},
      {"cmake/opencim_params_table.cmake", "", "#", cmake_table,
       "The record as CMake reads it, included by cmake/opencim_params.cmake: global properties "
       "OPENCIM_PARAMS (the names, in the record's order) and OPENCIM_PARAM_<NAME>_<FIELD> with "
       "FIELD MACROS (a list), LO, HI, DEFAULT, NAMED (the tag, a trailing ? when named only "
       "away from its default), CIMSIM and MEANING."},
      {"flow/params.json", "", "", json_table, ""},
      {"docs/macro.md", "limits", "", md_params, ""},
      {"docs/your-macro.md", "port-list", "", md_port_list, ""},
  };
  return list;
}

int run(const std::vector<Output>& outputs, const std::string& record_path,
        const std::filesystem::path& out, bool list) {
  const Record r = read_record(record_path);
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  for (const Output& o : outputs) {
    files.emplace_back(
        o.marker.empty() ? out / o.path : out / "blocks" / o.marker,
        (o.comment.empty() ? "" : generated_header(r, o.comment, o.what)) + o.write(r));
  }
  for (const auto& [path, text] : files) {
    // A file that says the same is left alone: what includes it is not rebuilt for nothing.
    std::ifstream old(path, std::ios::binary);
    if (old && std::string(std::istreambuf_iterator<char>(old), {}) == text) continue;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream os(path, std::ios::binary);
    os << text;
    if (!os) throw std::runtime_error("cannot write " + path.string());
  }
  for (const Output& o : outputs) {
    if (!list) break;
    std::cout << (o.marker.empty() ? "file " + o.path : "block " + o.path + " " + o.marker) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace cim::records

int main(int argc, char** argv) {
  const bool headers = argc == 4 && std::string(argv[1]) == "--headers";
  if (argc != 3 && !headers) {
    std::cerr << "usage: cim_records [--headers] RECORD OUT (rtl/cim_records.jsonc and a folder)\n";
    return 2;
  }
  try {
    return cim::records::run(headers ? cim::records::headers() : cim::records::checked_in(),
                             argv[argc - 2], argv[argc - 1], !headers);
  } catch (const std::invalid_argument& e) {
    std::cerr << "cim_records: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cim_records: " << e.what() << "\n";
    return 1;
  }
}
