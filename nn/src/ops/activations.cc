// SPDX-License-Identifier: Apache-2.0
// The activations of torch.nn as PyTorch's exporters write them, element by element in float32
// (in the periphery of a quantized network, the same code for the golden model and the macros).
// Each follows the ONNX operator's definition; its opsets are those that define it.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.h"

namespace cim::ops {
namespace {

// ln(1 + e^x) without overflow: past 20, e^x is beyond float32's resolution of 1 + e^x.
float softplus_of(float x) { return x > 20.0f ? x : std::log1p(std::exp(x)); }

std::vector<Tensor> relu(const OpCall& c) {
  return unary(c, [](float x) { return x < 0 ? 0.0f : x; });
}

std::vector<Tensor> leaky_relu(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 0.01f);
  return unary(c, [alpha](float x) { return x < 0 ? alpha * x : x; });
}

// PRelu: the slope (input 1) broadcast to the input, one per channel as torch writes it.
std::vector<Tensor> prelu(const OpCall& c) {
  float_input(c, 0);
  float_input(c, 1);
  return binary(
      c, [](float x, float slope) { return x < 0 ? slope * x : x; },
      [](const OpCall& call, std::int64_t, std::int64_t) -> std::int64_t {
        call.fail("takes float inputs");
      });
}

// ReLU6 and hardtanh are Clip: its bounds attributes before opset 11, optional inputs since.
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

std::vector<Tensor> sigmoid(const OpCall& c) {
  return unary(c, [](float x) { return 1.0f / (1.0f + std::exp(-x)); });
}

std::vector<Tensor> tanh(const OpCall& c) {
  return unary(c, [](float x) { return std::tanh(x); });
}

std::vector<Tensor> hard_sigmoid(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 0.2f), beta = c.node().get_float("beta", 0.5f);
  return unary(c, [alpha, beta](float x) { return std::clamp(alpha * x + beta, 0.0f, 1.0f); });
}

std::vector<Tensor> hard_swish(const OpCall& c) {
  return unary(c, [](float x) { return x * std::clamp(x / 6.0f + 0.5f, 0.0f, 1.0f); });
}

std::vector<Tensor> softplus(const OpCall& c) { return unary(c, softplus_of); }

std::vector<Tensor> softsign(const OpCall& c) {
  return unary(c, [](float x) { return x / (1.0f + std::fabs(x)); });
}

std::vector<Tensor> elu(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 1.0f);
  return unary(c, [alpha](float x) { return x < 0 ? alpha * std::expm1(x) : x; });
}

std::vector<Tensor> celu(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 1.0f);
  if (!(alpha != 0.0f)) c.fail("takes a nonzero alpha");
  return unary(c, [alpha](float x) { return x < 0 ? alpha * std::expm1(x / alpha) : x; });
}

std::vector<Tensor> selu(const OpCall& c) {
  const float alpha = c.node().get_float("alpha", 1.67326319217681884765625f),
              gamma = c.node().get_float("gamma", 1.05070102519989013671875f);
  return unary(c, [alpha, gamma](float x) { return gamma * (x < 0 ? alpha * std::expm1(x) : x); });
}

std::vector<Tensor> mish(const OpCall& c) {
  return unary(c, [](float x) { return x * std::tanh(softplus_of(x)); });
}

// GELU as one node (opset 20): exact, x Phi(x), or its tanh approximation.
std::vector<Tensor> gelu(const OpCall& c) {
  const std::string approximate = c.node().get_string("approximate", "none");
  if (approximate == "none") {
    return unary(c, [](float x) { return 0.5f * x * (1.0f + std::erf(x * float(M_SQRT1_2))); });
  }
  if (approximate != "tanh")
    c.fail("takes approximate 'none' or 'tanh', not '" + approximate + "'");
  const float k = std::sqrt(2.0f / float(M_PI));
  return unary(
      c, [k](float x) { return 0.5f * x * (1.0f + std::tanh(k * (x + 0.044715f * x * x * x))); });
}

}  // namespace

std::vector<Operator> activation_operators() {
  return {
      {"Celu", celu, {}, Placement::kPeriphery, 12},
      {"Clip", clip, {1, 2}, Placement::kPeriphery},
      {"Elu", elu, {}, Placement::kPeriphery},
      {"Gelu", gelu, {}, Placement::kPeriphery, 20},
      {"HardSigmoid", hard_sigmoid, {}, Placement::kPeriphery},
      {"HardSwish", hard_swish, {}, Placement::kPeriphery, 14},
      {"LeakyRelu", leaky_relu, {}, Placement::kPeriphery},
      {"Mish", mish, {}, Placement::kPeriphery, 18},
      {"PRelu", prelu, {}, Placement::kPeriphery},
      {"Relu", relu, {}, Placement::kPeriphery},
      {"Selu", selu, {}, Placement::kPeriphery},
      {"Sigmoid", sigmoid, {}, Placement::kPeriphery},
      {"Softplus", softplus, {}, Placement::kPeriphery},
      {"Softsign", softsign, {}, Placement::kPeriphery},
      {"Tanh", tanh, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
