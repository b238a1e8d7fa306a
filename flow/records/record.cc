// SPDX-License-Identifier: Apache-2.0
#include "record.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cim::records {
namespace {

using nlohmann::json;

// One entry of the record as it is read: its fields by name, each taken once; a field the
// reader does not know is an error (a misspelt "defualt" must not pass silently).
class Entry {
 public:
  Entry(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j.is_object()) fail("is not an object");
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(where_ + " " + what);
  }
  std::string text(const char* key, const char* fallback = nullptr) {
    const json* v = find(key, fallback != nullptr);
    if (!v) return fallback;
    if (!v->is_string() || v->get<std::string>().empty()) fail(std::string(key) + " is not a text");
    return v->get<std::string>();
  }
  long long number(const char* key, std::optional<long long> fallback = std::nullopt) {
    const json* v = find(key, fallback.has_value());
    if (!v) return *fallback;
    if (!v->is_number_integer()) fail(std::string(key) + " is not a whole number");
    return v->get<long long>();
  }
  bool flag(const char* key) {
    const json* v = find(key, true);
    if (v && !v->is_boolean()) fail(std::string(key) + " is not true or false");
    return v && v->get<bool>();
  }
  std::vector<std::string> texts(const char* key) {
    const json* v = find(key, false);
    if (!v->is_array()) fail(std::string(key) + " is not a list");
    std::vector<std::string> out;
    for (const json& e : *v) {
      if (!e.is_string()) fail(std::string(key) + " holds a value that is not a text");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  std::vector<long long> numbers(const char* key) {
    const json* v = find(key, false);
    if (!v->is_array()) fail(std::string(key) + " is not a list");
    std::vector<long long> out;
    for (const json& e : *v) {
      if (!e.is_number_integer()) fail(std::string(key) + " holds a value that is not a number");
      out.push_back(e.get<long long>());
    }
    return out;
  }
  Expr expr(const char* key, const char* fallback = nullptr) {
    const std::string t = text(key, fallback);
    try {
      return parse_expr(t);
    } catch (const std::invalid_argument& e) {
      fail(std::string(key) + " " + e.what());
    }
  }
  // Every field was read.
  void done() const {
    for (const auto& [key, value] : j_.items()) {
      if (!read_.count(key)) fail("has a field '" + key + "' that means nothing here");
    }
  }

 private:
  const json* find(const char* key, bool optional) {
    read_.insert(key);
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (optional) return nullptr;
      fail(std::string("lacks ") + key);
    }
    return &*it;
  }
  const json& j_;
  std::string where_;
  std::set<std::string> read_;
};

// Reads every entry of the list `key` with `read`, which takes its fields; the entry then may hold
// no other. An entry is named in messages by its place, and by its "name" where it has one.
void read_list(const Record& r, const json& root, const char* key,
               const std::function<void(Entry&)>& read) {
  const auto it = root.find(key);
  if (it == root.end() || !it->is_array()) {
    throw std::invalid_argument(r.path + ": want a list \"" + key + "\"");
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    std::string where = r.path + ": " + key + "[" + std::to_string(i) + "]";
    if (item.is_object() && item.contains("name") && item["name"].is_string()) {
      where += " (" + item["name"].get<std::string>() + ")";
    }
    Entry e(item, where);
    read(e);
    e.done();
  }
}

void read_param(Record& r, Entry& e) {
  static const std::regex name_re("[A-Z][A-Z0-9_]*"), tag_re("[a-z]+"), option_re("--[a-z][a-z-]*");
  Param p;
  p.name = e.text("name");
  if (!std::regex_match(p.name, name_re) || r.param(p.name)) {
    e.fail("is not a new parameter name (upper case)");
  }
  p.macros = e.texts("macros");
  for (const std::string& m : p.macros) {
    if (m != "digital" && m != "analog" && m != "dut") {
      e.fail("macros: '" + m + "' is not digital, analog or dut");
    }
  }
  if (!p.takes("digital") && !p.takes("analog")) e.fail("is taken by no macro");
  const std::vector<long long> range = e.numbers("range");
  if (range.size() != 2 || range[0] > range[1] || range[0] < 0 || range[1] > 999999999) {
    e.fail("range is not [lo, hi] with 0 <= lo <= hi");
  }
  p.lo = range[0];
  p.hi = range[1];
  p.def = e.number("default");
  if (p.def < p.lo || p.def > p.hi) e.fail("default is not in its range");
  p.tag = e.text("tag");
  if (!std::regex_match(p.tag, tag_re)) e.fail("tag is not lower-case letters");
  p.tag_always = e.flag("tag_always");
  if (!p.takes("dut") && p.tag_always) {
    e.fail("is not a DUT's parameter: its tag must not be shown always (tag_always false)");
  }
  p.cimsim = e.text("cimsim");
  if (!std::regex_match(p.cimsim, option_re)) e.fail("cimsim is not --macro or an option");
  p.meaning = e.text("meaning");
  if (p.meaning.find_first_of("\"\\$`;") != std::string::npos) {
    e.fail("meaning holds a quote, backslash, $, ` or ;");
  }
  r.params.push_back(p);
}

void read_function(Record& r, Entry& e) {
  const Function f{e.text("name"), e.texts("args"), e.expr("expr"), e.text("says")};
  if (is_builtin(f.name) || r.function(f.name)) e.fail("is not a new function name");
  r.functions.push_back(f);
}

void read_rule(Record& r, Entry& e) {
  Rule rule{e.texts("macros"), e.text("param"), e.expr("check"), e.text("says")};
  rule.has_bound = !e.text("bound", "").empty();
  if (rule.has_bound) rule.bound = e.expr("bound");
  if (rule.says.find_first_of(",\"`\\$") != std::string::npos) {
    e.fail("says holds a comma, quote, backslash, $ or `");
  }
  if (!r.param(rule.param)) e.fail("param '" + rule.param + "' is not a parameter");
  r.rules.push_back(rule);
}

void read_width(Record& r, Entry& e) {
  const Width w{e.text("name"), e.expr("expr"), e.text("says")};
  if (r.param(w.name) || r.width(w.name)) e.fail("is not a new name");
  r.widths.push_back(w);
}

void read_port(Record& r, Entry& e) {
  static const std::regex name_re("[a-z][a-z0-9_]*_(i|o|ni)"), member_re("[a-z][a-z0-9_]*");
  Port p;
  p.name = e.text("name");
  const std::string dir = e.text("dir");
  if (dir != "input" && dir != "output") e.fail("dir is not input or output");
  p.input = dir == "input";
  p.clock = e.flag("clock");
  p.member = e.text("member", "");
  p.fields = e.expr("fields", "1");
  p.bits = e.expr("bits", "1");
  p.what = e.text("what", "");
  p.is_signed = e.flag("signed");
  p.compute = e.flag("compute");
  if (p.input) p.idle = e.number("idle", 0);
  p.says = e.text("says", "");
  for (const Port& q : r.ports) {
    if (q.name == p.name) e.fail("is not a new port name");
    if (!p.clock && q.member == p.member) e.fail("member '" + p.member + "' is taken");
  }
  if (!std::regex_match(p.name, name_re)) e.fail("does not end in _i, _ni or _o");
  if (p.clock != p.member.empty()) e.fail("wants a member (the clock alone has none)");
  if (!p.clock && !std::regex_match(p.member, member_re)) e.fail("member is not a C++ name");
  if (p.bus() == p.what.empty()) e.fail("what: a bus says what one value is, a plain port not");
  r.ports.push_back(p);
}

// Every name an expression reads is known where it stands, and every call has its arguments.
void check_expr(const Record& r, const Expr& e, const std::vector<std::string>& names,
                const std::string& where) {
  for (const std::string& n : names_in(e)) {
    if (std::find(names.begin(), names.end(), n) == names.end()) {
      throw std::invalid_argument(where + " reads '" + n + "', which it cannot see");
    }
  }
  for (const std::string& c : calls_in(e)) {
    const Function* f = r.function(c);
    if (!f && !is_builtin(c)) throw std::invalid_argument(where + " calls an unknown " + c + "()");
  }
  if (e.kind == Expr::Kind::kCall) {
    const Function* f = r.function(e.text);
    const std::size_t want = f ? f->args.size() : std::size_t(builtin_arity(e.text));
    if (e.args.size() != want) {
      throw std::invalid_argument(where + " calls " + e.text + "() with " +
                                  std::to_string(e.args.size()) + " arguments, not " +
                                  std::to_string(want));
    }
  }
  for (const Expr& a : e.args) check_expr(r, a, names, where);
}

void check_links(const Record& r) {
  std::vector<std::string> params;
  for (const Param& p : r.params) params.push_back(p.name);
  for (std::size_t i = 0; i < r.functions.size(); ++i) {
    const Function& f = r.functions[i];
    // A function calls only those before it: no recursion, and each language defines in order.
    Record before = r;
    before.functions.resize(i);
    check_expr(before, f.expr, f.args, r.path + ": function " + f.name);
  }
  std::vector<std::string> visible = params;
  for (const Width& w : r.widths) {
    check_expr(r, w.expr, params, r.path + ": width " + w.name);
    visible.push_back(w.name);
  }
  for (const Rule& rule : r.rules) {
    const std::string at = r.path + ": the rule on " + rule.param;
    check_expr(r, rule.check, params, at);
    if (rule.has_bound) check_expr(r, rule.bound, names_in(rule.check), at + "'s bound");
    for (const std::string& m : rule.macros) {
      if (m != "digital" && m != "analog") throw std::invalid_argument(at + ": macros: " + m);
      for (const std::string& n : names_in(rule.check)) {
        if (!r.param(n)->takes(m)) {
          throw std::invalid_argument(at + " reads " + n + ", which the " + m +
                                      " macro does not take");
        }
      }
    }
    if (!r.at_defaults(rule.check)) {
      throw std::invalid_argument(at + " does not hold at the defaults");
    }
  }
  for (const Port& p : r.ports) {
    check_expr(r, p.fields, visible, r.path + ": port " + p.name + "'s fields");
    check_expr(r, p.bits, visible, r.path + ": port " + p.name + "'s bits");
  }
}

}  // namespace

bool Param::takes(const std::string& macro) const {
  return std::find(macros.begin(), macros.end(), macro) != macros.end();
}

std::string Param::constant() const {
  std::string c = "k";
  bool upper = true;
  for (char ch : name) {
    if (ch == '_') {
      upper = true;
      continue;
    }
    c += upper ? ch : char(std::tolower(static_cast<unsigned char>(ch)));
    upper = false;
  }
  return c;
}

std::string Param::field() const {
  std::string f;
  for (char ch : name) f += char(std::tolower(static_cast<unsigned char>(ch)));
  return f;
}

bool Rule::applies_to(const std::string& macro) const {
  return std::find(macros.begin(), macros.end(), macro) != macros.end();
}

std::vector<std::string> Record::param_names() const {
  std::vector<std::string> names;
  for (const Param& p : params) names.push_back(p.name);
  return names;
}

const Param* Record::param(const std::string& name) const {
  for (const Param& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Function* Record::function(const std::string& name) const {
  for (const Function& f : functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Width* Record::width(const std::string& name) const {
  for (const Width& w : widths) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

long long Record::call(const std::string& name, const std::vector<long long>& args) const {
  if (is_builtin(name)) return call_builtin(name, args);
  const Function* f = function(name);
  const auto arg = [&](const std::string& n) {
    const auto it = std::find(f->args.begin(), f->args.end(), n);
    return args[std::size_t(it - f->args.begin())];
  };
  return evaluate(f->expr, arg, [this](const std::string& g, const std::vector<long long>& a) {
    return call(g, a);
  });
}

long long Record::at_defaults(const Expr& e) const {
  const auto name = [this](const std::string& n) -> long long {
    if (const Param* p = param(n)) return p->def;
    return at_defaults(width(n)->expr);
  };
  return evaluate(e, name, [this](const std::string& f, const std::vector<long long>& a) {
    return call(f, a);
  });
}

Record read_record(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  json root;
  try {
    root = json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(path + ": not JSON: " + e.what());
  }
  Record r;
  r.path = path;
  r.params_json = root.value("params", json::array()).dump();
  read_list(r, root, "params", [&r](Entry& e) { read_param(r, e); });
  read_list(r, root, "functions", [&r](Entry& e) { read_function(r, e); });
  read_list(r, root, "rules", [&r](Entry& e) { read_rule(r, e); });
  read_list(r, root, "widths", [&r](Entry& e) { read_width(r, e); });
  read_list(r, root, "ports", [&r](Entry& e) { read_port(r, e); });
  for (const auto& [key, value] : root.items()) {
    if (key != "params" && key != "rules" && key != "functions" && key != "widths" &&
        key != "ports") {
      throw std::invalid_argument(path + ": a list \"" + key + "\" that means nothing here");
    }
  }
  check_links(r);
  return r;
}

}  // namespace cim::records
