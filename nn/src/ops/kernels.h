// SPDX-License-Identifier: Apache-2.0
// What the operator families (nn/src/ops/*.cc) share: checked shapes and axes, typed inputs,
// broadcasting, and the element-wise and windowed loops their float references are built from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cim/operators.h"

namespace cim::ops {

// The largest tensor an operator makes (a GiB of floats): a file's shapes, broadcast or
// convolved, could otherwise ask for more memory than any machine has.
constexpr std::int64_t kMaxElements = std::int64_t(1) << 28;

// `s`, or c.fail() when it holds more than kMaxElements values.
Shape bounded(const OpCall& c, Shape s);
// Row-major strides of a shape.
std::vector<std::int64_t> strides_of(const Shape& s);
// `axis` of a rank-`rank` tensor, negatives counted from the end (c.fail() outside).
int axis_of(const OpCall& c, std::int64_t axis, int rank);
// Input k, which must be a float tensor.
const Tensor& float_input(const OpCall& c, int k);
// Input 0, which must be a float tensor of one (N x C x L) or two (N x C x H x W) spatial axes.
const Tensor& spatial_input(const OpCall& c);
// A shape's spatial axes as a plane: N x C x H x W's H and W, N x C x L's 1 and L (a 1-D input is
// a row of height 1 to the windowed loops).
struct Plane {
  std::int64_t h, w;
};
Plane plane_of(const Shape& s);
// Integer values of a constant input (axes, shapes, pads) or attribute.
std::vector<std::int64_t> ints_of(const OpCall& c, const Tensor& t, const std::string& what);
// The integer list attribute `name`, or input k (opsets that moved it to an input), or fallback.
std::vector<std::int64_t> attr_or_input(const OpCall& c, const std::string& name, int k,
                                        std::vector<std::int64_t> fallback);
// The shape two inputs broadcast to (c.fail() when they do not).
Shape broadcast_shape(const OpCall& c, const Shape& a, const Shape& b);
// For each element of `out`, the index of the element of `in` that broadcasts to it.
std::vector<std::int64_t> broadcast_index(const Shape& in, const Shape& out);
// The mean over the axes `reduce` marks, keeping them as 1 or dropping them.
Tensor mean_over(const Tensor& x, const std::vector<bool>& reduce, bool keep);

// A two-input element-wise operator, broadcast: on_float on float inputs, on_int(c, a, b) on
// integer ones.
template <typename F, typename I>
std::vector<Tensor> binary(const OpCall& c, F on_float, I on_int) {
  const Tensor& a = c.in(0);
  const Tensor& b = c.in(1);
  if (a.is_float() != b.is_float()) c.fail("mixes float and integer inputs");
  const Shape shape = bounded(c, broadcast_shape(c, a.shape, b.shape));
  const std::vector<std::int64_t> ia = broadcast_index(a.shape, shape),
                                  ib = broadcast_index(b.shape, shape);
  const std::size_t n = ia.size();
  if (a.is_float()) {
    std::vector<float> v(n);
    for (std::size_t k = 0; k < n; ++k)
      v[k] = on_float(a.f[std::size_t(ia[k])], b.f[std::size_t(ib[k])]);
    return {Tensor::floats(shape, std::move(v))};
  }
  std::vector<std::int64_t> v(n);
  for (std::size_t k = 0; k < n; ++k)
    v[k] = on_int(c, a.i[std::size_t(ia[k])], b.i[std::size_t(ib[k])]);
  return {Tensor::ints(shape, std::move(v))};
}

// A one-input float operator, element by element.
template <typename F>
std::vector<Tensor> unary(const OpCall& c, F fn) {
  Tensor t = float_input(c, 0);
  for (float& x : t.f) x = fn(x);
  return {std::move(t)};
}

// A transposed convolution (ConvTranspose) over `x` with a kh x kw kernel, as the convolution it
// equals: over the input with stride - 1 zeros inserted between its elements, padded by pt, pl
// at the start and pb, pr at the end (negative: cropped), stride 1, dilations dh, dw, the kernel
// flipped; sh, sw hold the transpose's strides (the zeros' spacing) and oh, ow its output.
Window transposed_window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw);
// The input index that output index o's tap k reads in that convolution, or -1 for an inserted
// zero or a pad.
std::int64_t transposed_source(std::int64_t o, std::int64_t k, std::int64_t stride,
                               std::int64_t dilation, std::int64_t pad_begin, std::int64_t in);

}  // namespace cim::ops
