// SPDX-License-Identifier: Apache-2.0
// The C++ files written from the record: cim/limits.h (the parameters, the rules, the functions)
// and cim/port_list.h (the port list as X-macros).
#include <stdexcept>

#include "writers.h"

namespace cim::records {
namespace {

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

std::string cpp_call(const std::string& prefix, const std::string& f,
                     const std::vector<std::string>& args) {
  std::string s = prefix + f + "(";
  for (std::size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
  return s + ")";
}

// In a rule's check: parameter NAME is values[its place in the record].
std::string rule_check(const Record& r, const Expr& check) {
  const Spelling spelling{[&r](const std::string& n) {
                            for (std::size_t i = 0; i < r.params.size(); ++i) {
                              if (r.params[i].name == n) return "v[" + std::to_string(i) + "]";
                            }
                            return n;
                          },
                          [](const std::string& f, const std::vector<std::string>& a) {
                            return cpp_call("records::", f, a);
                          }};
  return print(check, spelling);
}

// In a port's size: a parameter is p's field, a width its formula (`p` is a Params).
std::string port_size(const Record& r, const Port& port, const Expr& e) {
  Spelling spelling;
  spelling.call = [](const std::string& f, const std::vector<std::string>& a) {
    return cpp_call("::cim::records::", f, a);
  };
  spelling.name = [&](const std::string& n) -> std::string {
    if (const Param* p = r.param(n)) {
      if (!p->takes("digital")) {
        throw std::invalid_argument(r.path + ": port " + port.name + " reads " + n +
                                    ", which the C++ port list's Params does not hold");
      }
      return "p." + p->field();
    }
    return print(r.width(n)->expr, spelling);
  };
  return print(e, spelling);
}

std::string param_rules_text(const Record& r, const Param& p) {
  std::string text;
  for (const Rule& rule : r.rules) {
    if (rule.param == p.name) text += (text.empty() ? "" : "; ") + rule.says;
  }
  return text;
}

// The ParamTakers bits of the macros listed: "kParamOfDigital | kParamOfDut".
std::string takers(const std::vector<std::string>& macros) {
  std::vector<std::string> bits;
  for (const std::string& m : macros) {
    bits.push_back("kParamOf" + std::string(1, char(std::toupper(m[0]))) + m.substr(1));
  }
  return joined(bits, " | ");
}

// The C++ member of a port: a bus a vector of its fields, a 1-bit port a bool.
std::string member(const Port& p) {
  std::string type = p.bus()                                                    ? "std::vector<"
                     : p.bits.kind == Expr::Kind::kNumber && p.bits.number == 1 ? "bool"
                                                                                : "std::uint32_t";
  if (p.bus()) type += p.is_signed ? "std::int64_t>" : "std::uint32_t>";
  std::string init;
  if (!p.bus()) {
    init = type == "bool" ? (p.idle ? " = true" : " = false") : " = " + std::to_string(p.idle);
  }
  std::string note = p.says;
  if (p.bus()) {
    note = print(p.fields, sv_spelling(false)) + " " + p.what + "s, " +
           print(p.bits, sv_spelling(false)) + "-bit" + (p.is_signed ? ", sign-extended" : "") +
           (note.empty() ? "" : "; " + note);
  }
  return "  " + type + " " + p.member + init + ";" + (note.empty() ? "" : "  // " + note) + "\n";
}

// struct Inputs or Outputs: a member per port of the direction, buses sized from the Params.
std::string port_struct(const Record& r, bool input) {
  const std::string name = input ? "Inputs" : "Outputs";
  std::string s = "struct " + name + " {\n", sizes;
  for (const Port& p : r.ports) {
    if (p.clock || p.input != input) continue;
    s += member(p);
    if (p.bus()) {
      sizes += std::string(sizes.empty() ? " : " : ", ") + p.member + "(" +
               port_size(r, p, p.fields) + ", 0)";
    }
  }
  return s + "\n  explicit " + name + "(const Params& p)" + sizes +
         " {}\n\n  friend bool operator==(const " + name + "&, const " + name +
         "&) = default;\n};\n";
}

}  // namespace

std::string cpp_limits(const Record& r) {
  std::string s;
  s += R"(#pragma once

namespace cim {

// Which macros take a parameter (the record's macros), as bits.
enum ParamTakers : unsigned {
  kParamOfDigital = 1,  // cim_macro
  kParamOfAnalog = 2,   // cim_analog_macro
  kParamOfDut = 4,      // a DUT of those kinds too
};

// One compile-time parameter of the macros.
struct ParamInfo {
  const char* name;  // as in the RTL, e.g. "ROWS"
  int lo, hi;
  int def;           // the RTL's default
  unsigned takers;   // ParamTakers
  const char* tag;   // in a configuration's name ("r" in r64_c16_w8_a8)
  bool tag_always;   // named even at its default
  const char* cimsim;   // "--macro" (a field of the shape) or its own cimsim option
  const char* rule;     // what the range does not say: its rules' texts ("" if none)
  const char* meaning;
  bool contains(long long v) const { return v >= lo && v <= hi; }
  bool taken_by_digital() const { return (takers & kParamOfDigital) != 0; }
  bool taken_by_analog() const { return (takers & kParamOfAnalog) != 0; }
};

// A rule between parameters, for the macros of `takers`: holds(values) with every parameter's
// value in limits::kAll's order; checked once every parameter of `reads` is in range.
struct ParamRule {
  const ParamInfo* param;  // the one a failure names
  unsigned takers;
  const char* says;
  const char* check;            // as the record writes it
  const ParamInfo* reads[8];    // ends at the first null
  bool (*holds)(const int* values);
  int (*bound)(const int* values);  // the limit a failure shows; null: the values it reads
};

// The builtins of the record's expressions and its functions (cim_pkg's, in SystemVerilog).
namespace records {
constexpr int clog2(long long n) {
  int bits = 0;
  while ((1LL << bits) < n) ++bits;
  return bits;
}
constexpr bool is_pow2(long long n) { return n > 0 && (n & (n - 1)) == 0; }
constexpr int ceil_div(int a, int b) { return (a + b - 1) / b; }
)";
  for (const Function& f : r.functions) {
    s += "// " + f.says + "\nconstexpr int " + f.name + "(";
    for (std::size_t i = 0; i < f.args.size(); ++i) s += (i ? ", int " : "int ") + f.args[i];
    s += ") { return " +
         print(f.expr, {[](const std::string& n) { return n; },
                        [](const std::string& g, const std::vector<std::string>& a) {
                          return cpp_call("", g, a);
                        }}) +
         "; }\n";
  }
  s += "}  // namespace records\n\nnamespace limits {\n";
  std::vector<std::string> all;
  for (const Param& p : r.params) {
    s += "inline constexpr ParamInfo " + p.constant() + "{" + quoted(p.name) + ", " +
         std::to_string(p.lo) + ", " + std::to_string(p.hi) + ", " + std::to_string(p.def) + ", " +
         takers(p.macros) + ", " + quoted(p.tag) + ", " + (p.tag_always ? "true" : "false") +
         ",\n    " + quoted(p.cimsim) + ", " + quoted(param_rules_text(r, p)) + ",\n    " +
         quoted(p.meaning) + "};\n";
    all.push_back(p.constant());
  }
  s += "inline constexpr ParamInfo kAll[] = {" + joined(all, ", ") + "};\n\n";
  s += "inline constexpr ParamRule kRules[] = {\n";
  for (const Rule& rule : r.rules) {
    std::vector<std::string> reads;
    for (const std::string& n : names_in(rule.check)) reads.push_back("&" + r.param(n)->constant());
    if (reads.size() > 7) throw std::invalid_argument(r.path + ": a rule reads more than 7");
    s += "    {&" + r.param(rule.param)->constant() + ", " + takers(rule.macros) + ", " +
         quoted(rule.says) + ",\n     " + quoted(rule.check.source) + ", {" + joined(reads, ", ") +
         "},\n     [](const int* v) -> bool { return " + rule_check(r, rule.check) + "; },\n     " +
         (rule.has_bound ? "[](const int* v) -> int { return " + rule_check(r, rule.bound) + "; }"
                         : std::string("nullptr")) +
         "},\n";
  }
  s += "};\n}  // namespace limits\n\n}  // namespace cim\n\n"
       "// The fields of Params (the parameters cim_macro takes) and of AnalogParams (those only\n"
       "// cim_analog_macro takes), in the record's order: X(constant in cim::limits, field).\n";
  std::string digital, analog;
  for (const Param& p : r.params) {
    std::string& list = p.takes("digital") ? digital : analog;
    list += " \\\n  X(" + p.constant() + ", " + p.field() + ")";
  }
  return s + "#define CIM_PARAM_FIELDS(X)" + digital + "\n#define CIM_ANALOG_PARAM_FIELDS(X)" +
         analog + "\n";
}

std::string cpp_port_list(const Record& r) {
  std::string s;
  s += "#pragma once\n\n#include <cstdint>\n#include <vector>\n\n#include \"cim/params.h\"\n";
  for (bool input : {true, false}) {
    s += std::string("\n#define ") + (input ? "CIM_INPUT_PORTS(X)" : "CIM_OUTPUT_PORTS(X)");
    for (const Port& p : r.ports) {
      if (p.clock || p.input != input) continue;
      s += " \\\n  X(" + p.name + ", " + p.member + ", " + port_size(r, p, p.fields) + ", " +
           port_size(r, p, p.bits) + ", " + quoted(p.what) + ", " +
           (p.is_signed ? "true" : "false") + ")";
    }
    s += "\n";
  }
  return s +
         "\nnamespace cim {\n\n// One cycle's inputs and outputs, a member per port (buses per "
         "field).\n" +
         port_struct(r, true) + "\n" + port_struct(r, false) + "\n}  // namespace cim\n";
}

}  // namespace cim::records
