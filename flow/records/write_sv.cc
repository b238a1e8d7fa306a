// SPDX-License-Identifier: Apache-2.0
// The SystemVerilog files written from the record: the package, the parameter lists and checks,
// the port widths and port lists, and the testbenches' port lists.
#include <algorithm>
#include <sstream>

#include "writers.h"

namespace cim::records {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// cim_pkg's name of a parameter's Min, Max or Default: RowsMin, AbitsPerCycleDefault.
std::string pkg_name(const Param& p, const char* what) { return p.constant().substr(1) + what; }

// A macro whose body is `lines`, joined by `separator` and continued with backslashes.
std::string define(const std::string& name, const std::vector<std::string>& lines,
                   const std::string& separator) {
  std::string s = "`define " + name;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    s += " \\\n  " + lines[i] + (i + 1 < lines.size() ? separator : "");
  }
  return s + "\n";
}

// A port declaration, its range padded to `range_width` columns.
std::string declaration(const Port& p, std::size_t range_width, const std::string& dir) {
  const std::string w = sv_width(p);
  std::string range = w == "1" ? "" : "[" + w + "-1:0]";
  range.resize(range_width, ' ');
  return dir + " logic " + range + " " + p.name;
}

std::string port_list(const std::vector<const Port*>& ports, bool comma_after_last) {
  std::size_t width = 0;
  for (const Port* p : ports) width = std::max(width, sv_width(*p).size() + 6);  // [W-1:0]
  std::string s;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    s += "  " + declaration(*ports[i], width, ports[i]->input ? "input " : "output") +
         (comma_after_last || i + 1 < ports.size() ? ",\n" : "\n");
  }
  return s;
}

// The clock, then every input, then every output (the C++ port lists' order).
std::vector<const Port*> clock_inputs_outputs(const Record& r) {
  std::vector<const Port*> out;
  for (const Port& p : r.ports) {
    if (p.clock) out.push_back(&p);
  }
  for (bool input : {true, false}) {
    for (const Port& p : r.ports) {
      if (!p.clock && p.input == input) out.push_back(&p);
    }
  }
  return out;
}

}  // namespace

Spelling sv_spelling(bool in_package) {
  return {[](const std::string& name) { return name; },
          [in_package](const std::string& f, const std::vector<std::string>& args) {
            std::string s = f == "clog2" ? "$clog2" : (in_package ? "" : "cim_pkg::") + f;
            s += "(";
            for (std::size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
            return s + ")";
          }};
}

std::string sv_width(const Port& p) {
  const auto text = [](const Expr& e) {
    const std::string s = print(e, sv_spelling(false));
    return e.kind == Expr::Kind::kBinary || e.kind == Expr::Kind::kTernary ? "(" + s + ")" : s;
  };
  const std::string f = text(p.fields), b = text(p.bits);
  return f == "1" ? b : b == "1" ? f : f + "*" + b;
}

std::string sv_pkg(const Record& r) {
  std::string s;
  s += "`ifndef CIM_PKG_SV\n`define CIM_PKG_SV\npackage cim_pkg;\n"
       "  // A package offers: not every module takes every constant.\n"
       "  /* verilator lint_off UNUSEDPARAM */\n";
  for (const Param& p : r.params) {
    s += "  // " + p.name + ": " + p.meaning + "\n";
    s += "  localparam int " + pkg_name(p, "Min") + " = " + std::to_string(p.lo) + ";\n";
    s += "  localparam int " + pkg_name(p, "Max") + " = " + std::to_string(p.hi) + ";\n";
    s += "  localparam int " + pkg_name(p, "Default") + " = " + std::to_string(p.def) + ";\n";
  }
  s += "  /* verilator lint_on UNUSEDPARAM */\n\n"
       "  // The builtins of the record's expressions ($clog2 is the language's).\n"
       "  function automatic bit is_pow2(input int n);\n"
       "    is_pow2 = n > 0 && (n & (n - 1)) == 0;\n"
       "  endfunction\n\n"
       "  function automatic int ceil_div(input int a, input int b);\n"
       "    ceil_div = (a + b - 1) / b;\n"
       "  endfunction\n";
  for (const Function& f : r.functions) {
    s += "\n  // " + f.says + "\n  function automatic int " + f.name + "(";
    for (std::size_t i = 0; i < f.args.size(); ++i) {
      s += std::string(i ? ", " : "") + "input int " + f.args[i];
    }
    s += ");\n    " + f.name + " = " + print(f.expr, sv_spelling(true)) + ";\n  endfunction\n";
  }
  return s + "endpackage\n\n`endif  // CIM_PKG_SV\n";
}

std::string sv_params(const Record& r) {
  std::string s =
      "`ifndef CIM_PARAMS_SVH\n`define CIM_PARAMS_SVH\n`include \"cim_pkg.sv\"  // the defaults\n";
  int rule_number = 0;
  for (const std::string kind : {"digital", "analog", "all"}) {
    std::vector<std::string> decls, map, dut_map, ranges, format, rules;
    std::string values;
    for (const Param& p : r.params) {
      if (kind != "all" && !p.takes(kind)) continue;
      decls.push_back("parameter int " + p.name + " = cim_pkg::" + pkg_name(p, "Default"));
      map.push_back("." + p.name + "(" + p.name + ")");
      if (p.takes("dut")) dut_map.push_back("." + p.name + "(" + p.name + ")");
      // Numbers, not cim_pkg's names: the check's message shows the range as written here.
      ranges.push_back("`CIM_PARAM_RANGE(" + p.name + ", " + std::to_string(p.lo) + ", " +
                       std::to_string(p.hi) + ")");
      format.push_back(p.name + "=%0d");
      values += ", " + p.name;
    }
    for (const Rule& rule : r.rules) {
      if (!rule.applies_to(kind)) continue;
      std::string guard;
      for (const std::string& n : names_in(rule.check)) {
        const Param& p = *r.param(n);
        guard += std::string(guard.empty() ? "" : " && ") + n +
                 " >= cim_pkg::" + pkg_name(p, "Min") + " && " + n +
                 " <= cim_pkg::" + pkg_name(p, "Max");
      }
      rules.push_back("if (" + guard + ") begin : g_rule_" + std::to_string(rule_number++));
      rules.push_back("  `CIM_PARAM_RULE(" + print(rule.check, sv_spelling(false)) + ", " +
                      rule.param + ", " + rule.says + ")");
      rules.push_back("end");
    }
    const std::string m = "CIM_" + upper(kind);
    s += "\n" + define(m + "_PARAMS", decls, ",") + define(m + "_PARAM_MAP", map, ",") +
         define(m + "_DUT_PARAM_MAP", dut_map, ",") + define(m + "_PARAM_RANGES", ranges, "");
    if (kind != "all") s += define(m + "_PARAM_RULES", rules, "");
    std::string text;
    for (const std::string& f : format) text += (text.empty() ? "" : " ") + f;
    s += "`define " + m + "_PARAM_TEXT $sformatf(\"" + text + "\"" + values + ")\n";
  }
  // What a macro of a kind (a DUT too) declares before the port widths: each parameter they read
  // that it does not take, at its default.
  for (const std::string kind : {"digital", "analog", "dut"}) {
    std::vector<std::string> standins;
    std::vector<const Expr*> sizes;  // the widths and the ports' sizes
    for (const Width& w : r.widths) sizes.push_back(&w.expr);
    for (const Port& port : r.ports) sizes.insert(sizes.end(), {&port.fields, &port.bits});
    for (const Expr* size : sizes) {
      for (const std::string& n : names_in(*size)) {
        if (!r.param(n)) continue;  // a width
        const Param& p = *r.param(n);
        const std::string line =
            "localparam int " + n + " = cim_pkg::" + pkg_name(p, "Default") + ",";
        if (!p.takes(kind) && std::find(standins.begin(), standins.end(), line) == standins.end()) {
          standins.push_back(line);
        }
      }
    }
    s += define("CIM_" + upper(kind) + "_WIDTH_STANDINS", standins, "");
  }
  return s + "\n`endif  // CIM_PARAMS_SVH\n";
}

std::string sv_port_widths(const Record& r) {
  std::string s;
  std::size_t width = 0;
  for (const Width& w : r.widths) width = std::max(width, w.name.size());
  for (std::size_t i = 0; i < r.widths.size(); ++i) {
    const Width& w = r.widths[i];
    s += "  localparam int " + w.name + std::string(width - w.name.size(), ' ') + " = " +
         print(w.expr, sv_spelling(false)) + (i + 1 < r.widths.size() ? "," : "") + "  // " +
         w.says + "\n";
  }
  return s;
}

std::string sv_macro_ports(const Record& r) {
  std::vector<const Port*> ports;
  for (const Port& p : r.ports) ports.push_back(&p);
  return port_list(ports, false);
}

std::string sv_compute_ports(const Record& r) {
  std::vector<const Port*> ports;
  for (const Port& p : r.ports) {
    if (p.compute) ports.push_back(&p);
  }
  return port_list(ports, true);
}

std::string sv_check_ports(const Record& r) {
  std::string s;
  const std::vector<const Port*> ports = clock_inputs_outputs(r);
  for (std::size_t i = 0; i < ports.size(); ++i) {
    s += "  input logic [" + sv_width(*ports[i]) + "-1:0] " + ports[i]->name +
         (i + 1 < ports.size() ? ",\n" : "\n");
  }
  return s;
}

std::string sv_tb_ports(const Record& r) {
  std::string s;
  std::vector<std::string> inputs, outputs, all, connect, idle;
  for (const Port& p : r.ports) {
    const std::string w = sv_width(p);
    const std::string range = w == "1" ? "" : "[" + w + "-1:0] ";
    if (p.clock) {
      connect.push_back("." + p.name + "(clk_i)");
    } else if (p.input) {
      inputs.push_back("logic " + range + p.name + " = '0;");
      connect.push_back("." + p.name + "(" + p.name + ")");
    } else {
      outputs.push_back("logic " + range + "S``_" + p.name + ";");
      all.push_back("S``_" + p.name);
      connect.push_back("." + p.name + "(S``_" + p.name + ")");
    }
    idle.push_back("." + p.name + (p.input ? "('0)" : "()"));
  }
  s += "`ifndef CIM_TB_PORTS_SVH\n`define CIM_TB_PORTS_SVH\n";
  s += define("CIM_TB_INPUTS", inputs, "");
  s += define("CIM_TB_OUTPUTS(S)", outputs, "");
  s += "`define CIM_TB_ALL_OUTPUTS(S) {" + joined(all, ", ") + "}\n";
  s += define("CIM_TB_CONNECT(S)", connect, ",");
  s += define("CIM_TB_IDLE", idle, ",");
  return s + "`endif  // CIM_TB_PORTS_SVH\n";
}

}  // namespace cim::records
