// SPDX-License-Identifier: Apache-2.0
// The tables written from the record for the languages that must not parse one: bash (with the
// rules as arithmetic), CMake and Python (JSON).
#include <nlohmann/json.hpp>

#include "writers.h"

namespace cim::records {
namespace {

// A parameter's tag as the shell and CMake tables hold it: a trailing ? when it is named only
// away from its default.
std::string tag_text(const Param& p) { return p.tag + (p.tag_always ? "" : "?"); }

// Bash arithmetic: a parameter is cim_param[NAME], a function's argument its local variable;
// clog2 and the record's functions are shell functions (cim_fn_NAME), the other builtins inline.
Spelling shell_spelling(bool in_function) {
  return {[in_function](const std::string& n) { return in_function ? n : "cim_param[" + n + "]"; },
          [](const std::string& f, const std::vector<std::string>& a) {
            if (f == "is_pow2")
              return "((" + a[0] + ") > 0 && ((" + a[0] + ") & ((" + a[0] + ") - 1)) == 0)";
            if (f == "ceil_div") return "(((" + a[0] + ") + (" + a[1] + ") - 1) / (" + a[1] + "))";
            std::string s = "$(cim_fn_" + f;
            for (const std::string& arg : a) s += " $((" + arg + "))";
            return s + ")";
          }};
}

}  // namespace

std::string shell_table(const Record& r) {
  std::string s;
  s += "# shellcheck disable=SC2034  # read by flow/params.sh\n";
  s += "cim_names=\"" + joined(r.param_names(), " ") + "\"\n";
  const auto table = [&](const char* var, auto value) {
    s += std::string("declare -gA ") + var + "=(";
    for (std::size_t i = 0; i < r.params.size(); ++i) {
      s += (i ? " " : "") + std::string("[") + r.params[i].name + "]=" + value(r.params[i]);
    }
    s += ")\n";
  };
  table("cim_lo", [](const Param& p) { return std::to_string(p.lo); });
  table("cim_hi", [](const Param& p) { return std::to_string(p.hi); });
  table("cim_default", [](const Param& p) { return std::to_string(p.def); });
  table("cim_macros", [](const Param& p) { return "' " + joined(p.macros, " ") + " '"; });
  table("cim_tag", [](const Param& p) { return "'" + tag_text(p) + "'"; });
  table("cim_option", [](const Param& p) { return p.cimsim; });
  s += "\ncim_fn_clog2() {\n  local n=$1 bits=0\n  while (( (1 << bits) < n )); do bits=$((bits + "
       "1)); done\n"
       "  echo $bits\n}\n";
  for (const Function& f : r.functions) {
    s += "# " + f.says + "\ncim_fn_" + f.name + "() {\n  local";
    for (std::size_t i = 0; i < f.args.size(); ++i) {
      s += " " + f.args[i] + "=$" + std::to_string(i + 1);
    }
    s += "\n  echo $(( " + print(f.expr, shell_spelling(true)) + " ))\n}\n";
  }
  s += "\ncim_check_rules() {\n  case ${cim_param[MACRO]} in\n";
  for (const char* macro : {"digital", "analog"}) {
    s += std::string("    ") + macro + ")\n";
    for (const Rule& rule : r.rules) {
      if (!rule.applies_to(macro)) continue;
      std::string shown;
      if (rule.has_bound) {
        shown = " = $(( " + print(rule.bound, shell_spelling(false)) + " ))";
      } else {
        for (const std::string& n : names_in(rule.check)) {
          if (n != rule.param)
            shown += (shown.empty() ? ", with " : " ") + n + "=${cim_param[" + n + "]}";
        }
      }
      s += "      (( " + print(rule.check, shell_spelling(false)) +
           " )) \\\n"
           "        || cim_params_die \"$1\" \"" +
           rule.param + "=${cim_param[" + rule.param + "]} is out of range (" + rule.says + shown +
           ")\"\n";
    }
    s += "      ;;\n";
  }
  return s + "  esac\n}\n";
}

std::string cmake_table(const Record& r) {
  std::string s;
  s += "set_property(GLOBAL PROPERTY OPENCIM_PARAMS \"" + joined(r.param_names(), ";") + "\")\n";
  for (const Param& p : r.params) {
    const std::string prefix = "set_property(GLOBAL PROPERTY OPENCIM_PARAM_" + p.name + "_";
    s += prefix + "MACROS \"" + joined(p.macros, ";") + "\")\n";
    s += prefix + "LO " + std::to_string(p.lo) + ")\n";
    s += prefix + "HI " + std::to_string(p.hi) + ")\n";
    s += prefix + "DEFAULT " + std::to_string(p.def) + ")\n";
    s += prefix + "NAMED \"" + tag_text(p) + "\")\n";
    s += prefix + "CIMSIM \"" + p.cimsim + "\")\n";
    s += prefix + "MEANING \"" + p.meaning + "\")\n";
  }
  return s;
}

std::string json_table(const Record& r) {
  // The record's own entries: Python reads their fields by the names the record gives them.
  const nlohmann::ordered_json j = {
      {"generated", "by cim_records (make facts) from " + r.path + ": do not edit"},
      {"params", nlohmann::ordered_json::parse(r.params_json)}};
  return j.dump(2) + "\n";
}

}  // namespace cim::records
