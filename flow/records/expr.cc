// SPDX-License-Identifier: Apache-2.0
#include "expr.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace cim::records {
namespace {

// C's binary operators, by precedence (higher binds tighter).
int precedence(const std::string& op) {
  static const std::vector<std::vector<std::string>> levels = {
      {"||"},       {"&&"},     {"|"},          {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="},
      {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (std::find(levels[i].begin(), levels[i].end(), op) != levels[i].end()) return int(i) + 1;
  }
  return 0;
}
constexpr int kUnaryPrecedence = 11;

Expr node(Expr::Kind kind, long long number, std::string text, std::vector<Expr> args) {
  Expr e;
  e.kind = kind;
  e.number = number;
  e.text = std::move(text);
  e.args = std::move(args);
  return e;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  Expr whole() {
    Expr e = ternary();
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + text_.substr(pos_, 1) + "'");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("'" + text_ + "': " + what + " at column " +
                                std::to_string(pos_ + 1));
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(const std::string& token) {
    skip_space();
    if (text_.compare(pos_, token.size(), token) != 0) return false;
    pos_ += token.size();
    return true;
  }
  // The binary operator at the cursor, if any (the longest spelling first: "<=" before "<").
  std::string peek_binary() {
    skip_space();
    for (const char* op : {"||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|", "^", "&", "<", ">",
                           "+", "-", "*", "/", "%"}) {
      if (text_.compare(pos_, std::char_traits<char>::length(op), op) == 0) return op;
    }
    return "";
  }

  Expr ternary() {
    Expr condition = binary(1);
    if (!take("?")) return condition;
    Expr then = ternary();
    if (!take(":")) fail("want ':'");
    Expr otherwise = ternary();
    return node(Expr::Kind::kTernary, 0, "?:", {condition, then, otherwise});
  }

  Expr binary(int min_precedence) {
    Expr left = unary();
    for (;;) {
      const std::string op = peek_binary();
      const int p = op.empty() ? 0 : precedence(op);
      if (p < min_precedence) return left;
      pos_ += op.size();
      Expr right = binary(p + 1);
      left = node(Expr::Kind::kBinary, 0, op, {left, right});
    }
  }

  Expr unary() {
    for (const char* op : {"!", "~", "-"}) {
      if (take(op)) return node(Expr::Kind::kUnary, 0, op, {unary()});
    }
    return primary();
  }

  Expr primary() {
    skip_space();
    if (take("(")) {
      Expr e = ternary();
      if (!take(")")) fail("want ')'");
      return e;
    }
    const std::size_t start = pos_;
    if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ - start > 9) fail("a number of more than 9 digits");
      return node(Expr::Kind::kNumber, std::stoll(text_.substr(start, pos_ - start)), "", {});
    }
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    if (pos_ == start) fail("want a number, a name or '('");
    std::string name = text_.substr(start, pos_ - start);
    if (!take("(")) return node(Expr::Kind::kName, 0, name, {});
    Expr call = node(Expr::Kind::kCall, 0, name, {});
    if (!take(")")) {
      do call.args.push_back(ternary());
      while (take(","));
      if (!take(")")) fail("want ')' closing " + name + "(");
    }
    return call;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
};

std::string print_with(const Expr& e, const Spelling& s, int outer);

// An operand, parenthesized when it binds more loosely than its place needs.
std::string operand(const Expr& e, const Spelling& s, int needed) {
  const int own = e.kind == Expr::Kind::kTernary  ? 0
                  : e.kind == Expr::Kind::kBinary ? precedence(e.text)
                                                  : kUnaryPrecedence + 1;
  const std::string text = print_with(e, s, own);
  return own < needed ? "(" + text + ")" : text;
}

std::string print_with(const Expr& e, const Spelling& s, int) {
  switch (e.kind) {
    case Expr::Kind::kNumber:
      return std::to_string(e.number);
    case Expr::Kind::kName:
      return s.name(e.text);
    case Expr::Kind::kUnary:
      return e.text + operand(e.args[0], s, kUnaryPrecedence);
    case Expr::Kind::kBinary: {
      const int p = precedence(e.text);
      // Left-associative: a right operand of the same level keeps its parentheses.
      return operand(e.args[0], s, p) + " " + e.text + " " + operand(e.args[1], s, p + 1);
    }
    case Expr::Kind::kTernary:
      return operand(e.args[0], s, 1) + " ? " + operand(e.args[1], s, 0) + " : " +
             operand(e.args[2], s, 0);
    case Expr::Kind::kCall: {
      std::vector<std::string> args;
      for (const Expr& a : e.args) args.push_back(print_with(a, s, 0));
      return s.call(e.text, args);
    }
  }
  return "";
}

void collect(const Expr& e, Expr::Kind kind, std::vector<std::string>& out) {
  if (e.kind == kind && std::find(out.begin(), out.end(), e.text) == out.end()) {
    out.push_back(e.text);
  }
  for (const Expr& a : e.args) collect(a, kind, out);
}

long long binary_value(const std::string& op, long long a, long long b) {
  if ((op == "/" || op == "%") && b == 0) throw std::invalid_argument("a division by zero");
  if (op == "||") return a || b;
  if (op == "&&") return a && b;
  if (op == "|") return a | b;
  if (op == "^") return a ^ b;
  if (op == "&") return a & b;
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "<<") return a << b;
  if (op == ">>") return a >> b;
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  return a % b;
}

}  // namespace

Expr parse_expr(const std::string& text) {
  Expr e = Parser(text).whole();
  e.source = text;
  return e;
}

std::string print(const Expr& e, const Spelling& spelling) { return print_with(e, spelling, 0); }

std::vector<std::string> names_in(const Expr& e) {
  std::vector<std::string> out;
  collect(e, Expr::Kind::kName, out);
  return out;
}

std::vector<std::string> calls_in(const Expr& e) {
  std::vector<std::string> out;
  collect(e, Expr::Kind::kCall, out);
  return out;
}

long long evaluate(const Expr& e, const std::function<long long(const std::string&)>& name,
                   const Evaluator& call) {
  const auto value = [&](const Expr& a) { return evaluate(a, name, call); };
  switch (e.kind) {
    case Expr::Kind::kNumber:
      return e.number;
    case Expr::Kind::kName:
      return name(e.text);
    case Expr::Kind::kUnary: {
      const long long v = value(e.args[0]);
      return e.text == "!" ? !v : e.text == "~" ? ~v : -v;
    }
    case Expr::Kind::kBinary:
      return binary_value(e.text, value(e.args[0]), value(e.args[1]));
    case Expr::Kind::kTernary:
      return value(e.args[0]) ? value(e.args[1]) : value(e.args[2]);
    case Expr::Kind::kCall: {
      std::vector<long long> args;
      for (const Expr& a : e.args) args.push_back(value(a));
      return call(e.text, args);
    }
  }
  return 0;
}

bool is_builtin(const std::string& function) { return builtin_arity(function) > 0; }

int builtin_arity(const std::string& function) {
  if (function == "clog2" || function == "is_pow2") return 1;
  if (function == "ceil_div") return 2;
  return 0;
}

long long call_builtin(const std::string& function, const std::vector<long long>& args) {
  if (function == "clog2") {
    long long bits = 0;
    while ((1LL << bits) < args[0]) ++bits;
    return bits;
  }
  if (function == "is_pow2") return args[0] > 0 && (args[0] & (args[0] - 1)) == 0;
  if (args[1] == 0) throw std::invalid_argument("ceil_div by zero");
  return (args[0] + args[1] - 1) / args[1];
}

}  // namespace cim::records
