// SPDX-License-Identifier: Apache-2.0
// Broadcasting and selection: Expand, ConstantOfShape, Equal and Where, which exporters write
// around a class token expanded to the batch, an LSTM's initial state and attention masks. Mostly
// on constants (the reader folds them); on data as well. Booleans are held as 64-bit integers
// 0 and 1 (cim/tensor.h has no boolean type): Equal writes them, Where reads any nonzero as true.
#include <utility>

#include "kernels.h"

namespace cim::ops {
namespace {

// The elements of x at `index`, in a tensor of `shape`, of x's type.
Tensor take(const Tensor& x, const std::vector<std::int64_t>& index, Shape shape) {
  if (x.is_float()) {
    std::vector<float> v(index.size());
    for (std::size_t k = 0; k < index.size(); ++k) v[k] = x.f[std::size_t(index[k])];
    return Tensor::floats(std::move(shape), std::move(v));
  }
  std::vector<std::int64_t> v(index.size());
  for (std::size_t k = 0; k < index.size(); ++k) v[k] = x.i[std::size_t(index[k])];
  return Tensor::ints(std::move(shape), std::move(v));
}

// A shape from constant input k: non-negative dimensions.
Shape shape_input(const OpCall& c, int k) {
  const Tensor& t = c.in(k);
  if (t.rank() != 1) c.fail("takes a 1-D shape, not a tensor of shape " + to_string(t.shape));
  Shape s = ints_of(c, t, "shape");
  for (std::int64_t d : s) {
    if (d < 0) c.fail("has a negative dimension in shape " + to_string(s));
  }
  return s;
}

// Expand: input 0 broadcast with the shape of input 1, both ways (a 1 in either takes the other).
std::vector<Tensor> expand(const OpCall& c) {
  const Tensor& x = c.in(0);
  const Shape out = bounded(c, broadcast_shape(c, x.shape, shape_input(c, 1)));
  return {take(x, broadcast_index(x.shape, out), out)};
}

// ConstantOfShape: a tensor of input 0's shape filled with `value` (one element; float 0 when
// left out).
std::vector<Tensor> constant_of_shape(const OpCall& c) {
  const Shape out = bounded(c, shape_input(c, 0));
  const GraphNode& n = c.node();
  if (!n.has("value") || n.attributes.at("value").tensor.empty()) {
    return {Tensor::zeros(out)};
  }
  const Tensor& value = n.attributes.at("value").tensor.front();
  if (value.size() != 1) c.fail("has a value of " + std::to_string(value.size()) + " elements");
  return {take(value, std::vector<std::int64_t>(std::size_t(element_count(out)), 0), out)};
}

// Equal: 1 where the inputs are equal, broadcast; both float or both integer.
std::vector<Tensor> equal(const OpCall& c) {
  const Tensor same = binary(
      c, [](float a, float b) { return a == b ? 1.0f : 0.0f; },
      [](const OpCall&, std::int64_t a, std::int64_t b) { return std::int64_t(a == b); })[0];
  if (!same.is_float()) return {same};
  return {Tensor::ints(same.shape, std::vector<std::int64_t>(same.f.begin(), same.f.end()))};
}

// Where: input 1 where the condition (input 0) is nonzero, else input 2; the three broadcast.
std::vector<Tensor> where(const OpCall& c) {
  const Tensor& cond = c.in(0);
  const Tensor& x = c.in(1);
  const Tensor& y = c.in(2);
  if (cond.is_float()) c.fail("takes a boolean condition, not a float tensor");
  if (x.is_float() != y.is_float()) c.fail("chooses between a float input and an integer one");
  const Shape out =
      bounded(c, broadcast_shape(c, broadcast_shape(c, cond.shape, x.shape), y.shape));
  const std::vector<std::int64_t> ic = broadcast_index(cond.shape, out),
                                  ix = broadcast_index(x.shape, out),
                                  iy = broadcast_index(y.shape, out);
  Tensor r = take(x, ix, out);
  const Tensor other = take(y, iy, out);
  for (std::size_t k = 0; k < ic.size(); ++k) {
    if (cond.i[std::size_t(ic[k])] != 0) continue;
    if (r.is_float()) {
      r.f[k] = other.f[k];
    } else {
      r.i[k] = other.i[k];
    }
  }
  return {std::move(r)};
}

}  // namespace

std::vector<Operator> broadcast_operators() {
  return {
      {"ConstantOfShape", constant_of_shape, {0}, Placement::kPeriphery},
      {"Equal", equal, {}, Placement::kPeriphery},
      {"Expand", expand, {1}, Placement::kPeriphery},
      {"Where", where, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
