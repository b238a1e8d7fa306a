// SPDX-License-Identifier: Apache-2.0
// Normalization and reduction: BatchNorm, LayerNorm, means over axes, Softmax and LogSoftmax.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.h"

namespace cim::ops {
namespace {

std::vector<Tensor> batch_norm(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (c.node().get_int("training_mode", 0) != 0) c.fail("is in training mode");
  if (x.rank() < 2) c.fail("takes an input of rank 2 or more, not " + to_string(x.shape));
  const std::int64_t ch = x.shape[1];
  for (int k = 1; k <= 4; ++k) {
    if (float_input(c, k).size() != ch) {
      c.fail("has input " + std::to_string(k) + " of " + std::to_string(c.in(k).size()) +
             " values for " + std::to_string(ch) + " channels");
    }
  }
  const float eps = c.node().get_float("epsilon", 1e-5f);
  const std::int64_t inner = x.size() / std::max<std::int64_t>(x.shape[0] * ch, 1);
  Tensor y = x;
  for (std::int64_t q = 0; q < x.size(); ++q) {
    const std::size_t k = std::size_t((q / inner) % ch);
    const double scale = double(c.in(1).f[k]) / std::sqrt(double(c.in(4).f[k]) + double(eps));
    y.f[std::size_t(q)] =
        float((double(x.f[std::size_t(q)]) - c.in(3).f[k]) * scale + c.in(2).f[k]);
  }
  return {std::move(y)};
}

// LayerNormalization (opset 17): each example normalized over the axes from `axis` on, then
// scaled and shifted by inputs 1 and 2 (broadcast to those axes); the optional Mean and
// InvStdDev outputs too. Mean and variance in double.
std::vector<Tensor> layer_norm(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() == 0) c.fail("takes a tensor of rank 1 or more, not a scalar");
  const int axis = axis_of(c, c.node().get_int("axis", -1), x.rank());
  const float eps = c.node().get_float("epsilon", 1e-5f);
  const Shape inner_shape(x.shape.begin() + axis, x.shape.end());
  const std::int64_t inner = element_count(inner_shape);
  const std::int64_t outer = inner ? x.size() / inner : 0;
  // Scale and bias, each broadcast to the normalized axes (one value for each of them).
  const auto per_element = [&](int k) {
    const Tensor* t = k == 1 ? &float_input(c, 1) : c.optional(k);
    if (!t) return std::vector<float>(std::size_t(inner), 0.0f);
    if (!t->is_float()) c.fail("has a non-float input " + std::to_string(k));
    bool fits = t->rank() <= int(inner_shape.size());
    for (int d = 1; fits && d <= t->rank(); ++d) {
      const std::int64_t have = t->shape[t->shape.size() - std::size_t(d)];
      fits = have == 1 || have == inner_shape[inner_shape.size() - std::size_t(d)];
    }
    if (!fits) {
      c.fail("has input " + std::to_string(k) + " of shape " + to_string(t->shape) +
             ", which does not broadcast to the normalized " + to_string(inner_shape));
    }
    std::vector<float> v;
    for (std::int64_t i : broadcast_index(t->shape, inner_shape)) v.push_back(t->f[std::size_t(i)]);
    return v;
  };
  const std::vector<float> scale = per_element(1), bias = per_element(2);
  Shape stat_shape = x.shape;
  for (std::size_t d = std::size_t(axis); d < stat_shape.size(); ++d) stat_shape[d] = 1;
  Tensor y = x, mean = Tensor::zeros(stat_shape), inv_std = Tensor::zeros(stat_shape);
  for (std::int64_t o = 0; o < outer; ++o) {
    float* row = y.f.data() + o * inner;
    double sum = 0, squares = 0;
    for (std::int64_t i = 0; i < inner; ++i) sum += row[i];
    const double m = sum / double(inner);
    for (std::int64_t i = 0; i < inner; ++i) squares += (row[i] - m) * (row[i] - m);
    const double r = 1.0 / std::sqrt(squares / double(inner) + double(eps));
    for (std::int64_t i = 0; i < inner; ++i) {
      row[i] = float((row[i] - m) * r * scale[std::size_t(i)] + bias[std::size_t(i)]);
    }
    mean.f[std::size_t(o)] = float(m);
    inv_std.f[std::size_t(o)] = float(r);
  }
  return {std::move(y), std::move(mean), std::move(inv_std)};
}

std::vector<Tensor> reduce_mean(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  const std::vector<std::int64_t> axes = attr_or_input(c, "axes", 1, {});
  const bool keep = c.node().get_int("keepdims", 1) != 0;
  if (axes.empty() && c.node().get_int("noop_with_empty_axes", 0) != 0) return {x};
  std::vector<bool> reduce(x.shape.size(), axes.empty());
  for (std::int64_t a : axes) reduce[std::size_t(axis_of(c, a, x.rank()))] = true;
  return {mean_over(x, reduce, keep)};
}

std::vector<Tensor> softmax_like(const OpCall& c, bool log) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() == 0) c.fail("takes a tensor of rank 1 or more, not a scalar");
  // Before opset 13 the input is coerced to 2-D at axis (default 1); from 13 it is one axis
  // (default -1).
  const bool coerced = c.opset() < 13;
  const int axis = axis_of(c, c.node().get_int("axis", coerced ? 1 : -1), x.rank());
  std::int64_t inner = 1, dim = 1;
  if (coerced) {
    for (int d = axis; d < x.rank(); ++d) dim *= x.shape[std::size_t(d)];
  } else {
    dim = x.shape[std::size_t(axis)];
    for (int d = axis + 1; d < x.rank(); ++d) inner *= x.shape[std::size_t(d)];
  }
  Tensor y = x;
  const std::int64_t outer = x.size() / std::max<std::int64_t>(dim * inner, 1);
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t i = 0; i < inner; ++i) {
      auto at = [&](std::int64_t j) -> float& {
        return y.f[std::size_t((o * dim + j) * inner + i)];
      };
      double m = -std::numeric_limits<double>::infinity(), s = 0;
      for (std::int64_t j = 0; j < dim; ++j) m = std::max(m, double(at(j)));
      for (std::int64_t j = 0; j < dim; ++j) s += std::exp(double(at(j)) - m);
      for (std::int64_t j = 0; j < dim; ++j) {
        const double z = double(at(j)) - m;
        at(j) = float(log ? z - std::log(s) : std::exp(z) / s);
      }
    }
  }
  return {std::move(y)};
}

std::vector<Tensor> softmax(const OpCall& c) { return softmax_like(c, false); }
std::vector<Tensor> log_softmax(const OpCall& c) { return softmax_like(c, true); }

}  // namespace

std::vector<Operator> normalization_operators() {
  return {
      {"BatchNormalization", batch_norm, {1, 2, 3, 4}, Placement::kPeriphery},
      {"LayerNormalization", layer_norm, {}, Placement::kPeriphery, 17},
      {"LogSoftmax", log_softmax, {}, Placement::kPeriphery},
      {"ReduceMean", reduce_mean, {1}, Placement::kPeriphery},
      {"Softmax", softmax, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
