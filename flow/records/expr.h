// SPDX-License-Identifier: Apache-2.0
// The records' expressions: C's integer expressions over names, with calls (rtl/cim_records.jsonc
// says which). Parsed once, then printed for each language that checks or computes them, or
// evaluated where the generator needs a value.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cim::records {

struct Expr {
  enum class Kind { kNumber, kName, kUnary, kBinary, kTernary, kCall };
  Kind kind = Kind::kNumber;
  long long number = 0;
  std::string text;        // the name, operator or function
  std::vector<Expr> args;  // operands, or the call's arguments
  std::string source;      // the text it was parsed from (a whole expression's only)
};

// Throws std::invalid_argument "'TEXT': WHAT at column N".
Expr parse_expr(const std::string& text);

// How a language writes names and calls; operators are C's in every one of them.
struct Spelling {
  std::function<std::string(const std::string& name)> name;
  std::function<std::string(const std::string& function, const std::vector<std::string>& args)>
      call;
};
std::string print(const Expr& e, const Spelling& spelling);

// Every name the expression reads (not the functions it calls), each once, in order.
std::vector<std::string> names_in(const Expr& e);
// Every function it calls, each once.
std::vector<std::string> calls_in(const Expr& e);

// The value, with `name` giving each name's and `call` each call's; throws
// std::invalid_argument on a division by zero.
using Evaluator =
    std::function<long long(const std::string& function, const std::vector<long long>& args)>;
long long evaluate(const Expr& e, const std::function<long long(const std::string&)>& name,
                   const Evaluator& call);

// The builtins every language has: clog2, is_pow2, ceil_div.
bool is_builtin(const std::string& function);
int builtin_arity(const std::string& function);
long long call_builtin(const std::string& function, const std::vector<long long>& args);

}  // namespace cim::records
