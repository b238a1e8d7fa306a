// SPDX-License-Identifier: Apache-2.0
// Element-wise operators: arithmetic on floats (and, checked, on the integers of shape
// arithmetic), broadcast; the activations.
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

std::vector<Tensor> relu(const OpCall& c) {
  return unary(c, [](float x) { return x < 0 ? 0.0f : x; });
}

std::vector<Tensor> leaky_relu(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 0.01f);
  return unary(c, [alpha](float x) { return x < 0 ? alpha * x : x; });
}

std::vector<Tensor> clip(const OpCall& c) {
  float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
  if (c.opset() < 11) {
    lo = c.node().get_float("min", lo);
    hi = c.node().get_float("max", hi);
  } else {
    for (int k : {1, 2}) {
      const Tensor* t = c.optional(k);
      if (!t) continue;
      if (!t->is_float() || t->size() != 1)
        c.fail("takes a float scalar as its " + std::string(k == 1 ? "min" : "max"));
      (k == 1 ? lo : hi) = t->f[0];
    }
  }
  return unary(c, [lo, hi](float x) { return std::min(std::max(x, lo), hi); });
}

}  // namespace

std::vector<Operator> elementwise_operators() {
  return {
      {"Add", add, {}, Placement::kPeriphery},
      {"Clip", clip, {1, 2}, Placement::kPeriphery},
      {"Div", div, {}, Placement::kPeriphery},
      {"LeakyRelu", leaky_relu, {}, Placement::kPeriphery},
      {"Mod", mod, {}, Placement::kPeriphery, 10},
      {"Mul", mul, {}, Placement::kPeriphery},
      {"Relu", relu, {}, Placement::kPeriphery},
      {"Sub", sub, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
