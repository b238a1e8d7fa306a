// SPDX-License-Identifier: Apache-2.0
// Element-wise operators: arithmetic on floats (and, checked, on the integers of shape
// arithmetic), broadcast, and the float functions exporters decompose layers into (Erf of exact
// GELU, Pow and Sqrt of LayerNorm below opset 17). The activations are activations.cc.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.h"

namespace cim::ops {
namespace {

// Integer arithmetic (the shape arithmetic exporters write) on values from a file: an overflow
// is refused, not undefined.
std::int64_t checked(const OpCall& c, bool overflowed, std::int64_t v) {
  if (overflowed) c.fail("overflows 64-bit integer arithmetic");
  return v;
}

std::int64_t int_div(const OpCall& c, std::int64_t a, std::int64_t b) {
  if (b == 0) c.fail("divides an integer by zero");
  return checked(c, a == std::numeric_limits<std::int64_t>::min() && b == -1, b == -1 ? -a : a / b);
}

std::vector<Tensor> add(const OpCall& c) {
  return binary(
      c, [](float a, float b) { return a + b; },
      [](const OpCall& call, std::int64_t a, std::int64_t b) {
        std::int64_t r;
        const bool overflowed = __builtin_add_overflow(a, b, &r);
        return checked(call, overflowed, r);
      });
}
std::vector<Tensor> sub(const OpCall& c) {
  return binary(
      c, [](float a, float b) { return a - b; },
      [](const OpCall& call, std::int64_t a, std::int64_t b) {
        std::int64_t r;
        const bool overflowed = __builtin_sub_overflow(a, b, &r);
        return checked(call, overflowed, r);
      });
}
std::vector<Tensor> mul(const OpCall& c) {
  return binary(
      c, [](float a, float b) { return a * b; },
      [](const OpCall& call, std::int64_t a, std::int64_t b) {
        std::int64_t r;
        const bool overflowed = __builtin_mul_overflow(a, b, &r);
        return checked(call, overflowed, r);
      });
}
std::vector<Tensor> div(const OpCall& c) {
  return binary(
      c, [](float a, float b) { return a / b; }, int_div);
}
std::vector<Tensor> mod(const OpCall& c) {
  const bool fmod = c.node().get_int("fmod", 0) != 0;
  return binary(
      c, [](float a, float b) { return std::fmod(a, b); },
      [fmod](const OpCall& call, std::int64_t a, std::int64_t b) {
        if (b == 0) call.fail("takes an integer modulo zero");
        std::int64_t r = b == -1 ? 0 : a % b;
        if (!fmod && r != 0 && ((r < 0) != (b < 0))) r += b;  // the divisor's sign
        return r;
      });
}

// Pow: float base and exponent, broadcast (LayerNorm below opset 17 squares with it).
std::vector<Tensor> pow(const OpCall& c) {
  return binary(
      c, [](float a, float b) { return std::pow(a, b); },
      [](const OpCall& call, std::int64_t, std::int64_t) -> std::int64_t {
        call.fail("takes float inputs");
      });
}

std::vector<Tensor> sqrt(const OpCall& c) {
  return unary(c, [](float x) { return std::sqrt(x); });
}
std::vector<Tensor> exp(const OpCall& c) {
  return unary(c, [](float x) { return std::exp(x); });
}
std::vector<Tensor> log(const OpCall& c) {
  return unary(c, [](float x) { return std::log(x); });
}
std::vector<Tensor> erf(const OpCall& c) {
  return unary(c, [](float x) { return std::erf(x); });
}
std::vector<Tensor> reciprocal(const OpCall& c) {
  return unary(c, [](float x) { return 1.0f / x; });
}

}  // namespace

std::vector<Operator> elementwise_operators() {
  return {
      {"Add", add, {}, Placement::kPeriphery},
      {"Div", div, {}, Placement::kPeriphery},
      {"Erf", erf, {}, Placement::kPeriphery},
      {"Exp", exp, {}, Placement::kPeriphery},
      {"Log", log, {}, Placement::kPeriphery},
      {"Mod", mod, {}, Placement::kPeriphery, 10},
      {"Mul", mul, {}, Placement::kPeriphery},
      {"Pow", pow, {}, Placement::kPeriphery},
      {"Reciprocal", reciprocal, {}, Placement::kPeriphery},
      {"Sqrt", sqrt, {}, Placement::kPeriphery},
      {"Sub", sub, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
