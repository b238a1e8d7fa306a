// SPDX-License-Identifier: Apache-2.0
// The macros' records (rtl/cim_records.jsonc) as cim_records reads them: parameters, rules,
// functions, widths and ports, each checked against the others when read.
#pragma once

#include <string>
#include <vector>

#include "expr.h"

namespace cim::records {

struct Param {
  std::string name;                 // ROWS
  std::vector<std::string> macros;  // digital, analog, dut
  long long lo = 0, hi = 0, def = 0;
  std::string tag;
  bool tag_always = true;
  std::string cimsim;  // --macro or its own option
  std::string meaning;
  bool takes(const std::string& macro) const;  // digital, analog or dut
  std::string constant() const;                // kRows, kAbitsPerCycle
  std::string field() const;                   // rows, abits_per_cycle
};

struct Rule {
  std::vector<std::string> macros;  // digital, analog
  std::string param;                // the parameter a failure names
  Expr check;
  std::string says;
  bool has_bound = false;
  Expr bound = {};  // the limit a failure shows, if any
  bool applies_to(const std::string& macro) const;
};

struct Function {
  std::string name;
  std::vector<std::string> args;
  Expr expr;
  std::string says;
};

struct Width {
  std::string name;  // RowW
  Expr expr;
  std::string says;
};

struct Port {
  std::string name;  // wr_data_i
  bool input = true;
  bool clock = false;
  std::string member;  // the C++ member; empty for the clock
  Expr fields, bits;   // how many values and the width of each
  std::string what;    // "channel", "row", "" for a plain port
  bool is_signed = false;
  bool compute = false;
  long long idle = 0;  // an input's value in a fresh C++ Inputs
  std::string says;    // a note on the C++ member, if any
  bool bus() const { return fields.kind != Expr::Kind::kNumber || fields.number != 1; }
};

struct Record {
  std::string path;         // as given, for messages and the generated files' headers
  std::string params_json;  // the list of parameters as the record writes it (JSON)
  std::vector<Param> params;
  std::vector<Rule> rules;
  std::vector<Function> functions;
  std::vector<Width> widths;
  std::vector<Port> ports;

  std::vector<std::string> param_names() const;
  const Param* param(const std::string& name) const;
  const Function* function(const std::string& name) const;
  const Width* width(const std::string& name) const;
  // The value of a call of a builtin or a record's function.
  long long call(const std::string& function, const std::vector<long long>& args) const;
  // The value with every parameter at its default (a DUT's ports: WSETS's 1 included).
  long long at_defaults(const Expr& e) const;
};

// Reads and checks the record; throws std::invalid_argument "PATH: WHAT" naming the entry.
Record read_record(const std::string& path);

}  // namespace cim::records
