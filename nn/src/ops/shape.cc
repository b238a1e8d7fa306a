// SPDX-License-Identifier: Apache-2.0
// Shape operators: what exporters write around the layers to fold shapes, reshape and reorder
// (Shape, Gather, Slice, Concat, Reshape, Transpose, ...), plus the identities inference drops.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "kernels.h"

namespace cim::ops {
namespace {

std::vector<Tensor> identity(const OpCall& c) { return {c.in(0)}; }

std::vector<Tensor> dropout(const OpCall& c) {
  if (c.node().outputs.size() > 1 && !c.node().outputs[1].empty())
    c.fail("asks for its mask (inference takes none)");
  return {c.in(0)};
}

std::vector<Tensor> constant(const OpCall& c) {
  const GraphNode& n = c.node();
  if (n.has("value") && !n.attributes.at("value").tensor.empty())
    return {n.attributes.at("value").tensor.front()};
  if (n.has("value_float")) return {Tensor::floats({}, {n.get_float("value_float", 0)})};
  if (n.has("value_int")) return {Tensor::ints({}, {n.get_int("value_int", 0)})};
  if (n.has("value_floats")) {
    const std::vector<float>& v = n.attributes.at("value_floats").floats;
    return {Tensor::floats({std::int64_t(v.size())}, v)};
  }
  if (n.has("value_ints")) {
    std::vector<std::int64_t> v = n.get_ints("value_ints", {});
    return {Tensor::ints({std::int64_t(v.size())}, v)};
  }
  c.fail("has no value this reader takes (value, value_float(s), value_int(s))");
}

std::vector<Tensor> cast(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::int64_t to = c.node().get_int("to", 0);
  if (to == 1 || to == 11) {  // FLOAT, DOUBLE (computed in float here)
    if (x.is_float()) return {x};
    std::vector<float> v(x.i.begin(), x.i.end());
    return {Tensor::floats(x.shape, std::move(v))};
  }
  if (to == 6 || to == 7) {  // INT32, INT64
    if (!x.is_float()) return {x};
    std::vector<std::int64_t> v;
    for (float f : x.f) {
      if (!std::isfinite(f) || std::fabs(f) > 9.2e18f)
        c.fail("casts a value that is not a 64-bit integer");
      v.push_back(std::int64_t(f));
    }
    return {Tensor::ints(x.shape, std::move(v))};
  }
  if (to == 9) {  // BOOL, held as int64 0 and 1
    std::vector<std::int64_t> v(std::size_t(x.size()));
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = x.at(std::int64_t(k)) != 0;
    return {Tensor::ints(x.shape, std::move(v))};
  }
  c.fail("casts to data type " + std::to_string(to) +
         " (FLOAT, DOUBLE, INT32, INT64 or BOOL here)");
}

std::vector<Tensor> shape(const OpCall& c) {
  const Shape& s = c.in(0).shape;
  const int r = int(s.size());
  auto clamp = [&](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? v + r : v, 0, r); };
  const std::int64_t b = clamp(c.node().get_int("start", 0)), e = clamp(c.node().get_int("end", r));
  std::vector<std::int64_t> v;
  for (std::int64_t d = b; d < e; ++d) v.push_back(s[std::size_t(d)]);
  return {Tensor::ints({std::int64_t(v.size())}, v)};
}

std::vector<Tensor> gather(const OpCall& c) {
  const Tensor& data = c.in(0);
  const std::vector<std::int64_t> idx = ints_of(c, c.in(1), "indices");
  const int axis = axis_of(c, c.node().get_int("axis", 0), data.rank());
  const std::int64_t dim = data.shape[std::size_t(axis)];
  Shape out(data.shape.begin(), data.shape.begin() + axis);
  out.insert(out.end(), c.in(1).shape.begin(), c.in(1).shape.end());
  out.insert(out.end(), data.shape.begin() + axis + 1, data.shape.end());
  bounded(c, out);
  std::int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= data.shape[std::size_t(d)];
  for (int d = axis + 1; d < data.rank(); ++d) inner *= data.shape[std::size_t(d)];
  Tensor t = data.is_float() ? Tensor::floats(out, {}) : Tensor::ints(out, {});
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t j : idx) {
      if (j < -dim || j >= dim)
        c.fail("gathers index " + std::to_string(j) + " of an axis of " + std::to_string(dim));
      const std::int64_t k = j < 0 ? j + dim : j;
      for (std::int64_t i = 0; i < inner; ++i) {
        const std::size_t src = std::size_t((o * dim + k) * inner + i);
        if (data.is_float())
          t.f.push_back(data.f[src]);
        else
          t.i.push_back(data.i[src]);
      }
    }
  }
  return {std::move(t)};
}

// A tensor of shape `out` whose element at each position (row-major) is x's element at the flat
// index src(position).
template <typename Source>
Tensor gathered(const Tensor& x, const Shape& out, Source src) {
  Tensor t = x.is_float() ? Tensor::floats(out, {}) : Tensor::ints(out, {});
  const std::int64_t n = element_count(out);
  std::vector<std::int64_t> pos(out.size(), 0);
  for (std::int64_t k = 0; k < n; ++k) {
    const std::int64_t from = src(pos);
    if (x.is_float())
      t.f.push_back(x.f[std::size_t(from)]);
    else
      t.i.push_back(x.i[std::size_t(from)]);
    for (int d = int(out.size()) - 1; d >= 0; --d) {
      if (++pos[std::size_t(d)] < out[std::size_t(d)]) break;
      pos[std::size_t(d)] = 0;
    }
  }
  return t;
}

// Copies the elements of `x` at the given per-axis index lists.
Tensor pick(const Tensor& x, const std::vector<std::vector<std::int64_t>>& at) {
  Shape out;
  for (const auto& a : at) out.push_back(std::int64_t(a.size()));
  const std::vector<std::int64_t> st = strides_of(x.shape);
  return gathered(x, out, [&](const std::vector<std::int64_t>& pos) {
    std::int64_t src = 0;
    for (std::size_t d = 0; d < out.size(); ++d) src += at[d][std::size_t(pos[d])] * st[d];
    return src;
  });
}

std::vector<Tensor> slice(const OpCall& c) {
  const Tensor& x = c.in(0);
  const bool attrs = c.opset() < 10;
  const std::vector<std::int64_t> starts =
      attrs ? c.node().get_ints("starts", {}) : ints_of(c, c.in(1), "starts");
  const std::vector<std::int64_t> ends =
      attrs ? c.node().get_ints("ends", {}) : ints_of(c, c.in(2), "ends");
  std::vector<std::int64_t> axes(starts.size());
  std::iota(axes.begin(), axes.end(), 0);
  if (attrs)
    axes = c.node().get_ints("axes", axes);
  else if (const Tensor* a = c.optional(3))
    axes = ints_of(c, *a, "axes");
  std::vector<std::int64_t> steps(starts.size(), 1);
  if (const Tensor* s = attrs ? nullptr : c.optional(4)) steps = ints_of(c, *s, "steps");
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    c.fail("has starts, ends, axes and steps of different lengths");
  }
  std::vector<std::vector<std::int64_t>> at;
  for (std::int64_t d : x.shape) {
    at.emplace_back(std::size_t(d));
    std::iota(at.back().begin(), at.back().end(), 0);
  }
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const int a = axis_of(c, axes[k], x.rank());
    const std::int64_t dim = x.shape[std::size_t(a)], st = steps[k];
    if (st == 0) c.fail("has a step of 0");
    auto norm = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v += dim;
      return std::clamp(v, lo, hi);
    };
    const std::int64_t b = st > 0 ? norm(starts[k], 0, dim) : norm(starts[k], -1, dim - 1);
    const std::int64_t e = st > 0 ? norm(ends[k], 0, dim) : norm(ends[k], -1, dim - 1);
    std::vector<std::int64_t> v;
    // Stepping by counting, so that a huge step cannot overflow past the end.
    for (std::int64_t i = b; st > 0 ? i < e : i > e;) {
      v.push_back(i);
      if (st > 0 ? e - i <= st : (st < -(std::int64_t(1) << 40) || i - e <= -st)) break;
      i += st;
    }
    at[std::size_t(a)] = v;
  }
  return {pick(x, at)};
}

std::vector<Tensor> concat(const OpCall& c) {
  const Tensor& first = c.in(0);
  const int axis = axis_of(c, c.node().get_int("axis", 0), first.rank());
  Shape out = first.shape;
  out[std::size_t(axis)] = 0;
  for (int k = 0; k < c.inputs(); ++k) {
    const Tensor& t = c.in(k);
    if (t.is_float() != first.is_float() || t.rank() != first.rank())
      c.fail("joins tensors of different types or ranks");
    for (int d = 0; d < t.rank(); ++d) {
      if (d != axis && t.shape[std::size_t(d)] != first.shape[std::size_t(d)]) {
        c.fail("joins " + to_string(first.shape) + " and " + to_string(t.shape) + " on axis " +
               std::to_string(axis));
      }
    }
    out[std::size_t(axis)] += t.shape[std::size_t(axis)];
  }
  bounded(c, out);
  std::int64_t outer = 1;
  for (int d = 0; d < axis; ++d) outer *= out[std::size_t(d)];
  Tensor r = first.is_float() ? Tensor::floats(out, {}) : Tensor::ints(out, {});
  for (std::int64_t o = 0; o < outer; ++o) {
    for (int k = 0; k < c.inputs(); ++k) {
      const Tensor& t = c.in(k);
      const std::int64_t chunk = t.size() / std::max<std::int64_t>(outer, 1);
      if (t.is_float())
        r.f.insert(r.f.end(), t.f.begin() + o * chunk, t.f.begin() + (o + 1) * chunk);
      else
        r.i.insert(r.i.end(), t.i.begin() + o * chunk, t.i.begin() + (o + 1) * chunk);
    }
  }
  return {std::move(r)};
}

Tensor reshaped(Tensor t, Shape s) {
  t.shape = std::move(s);
  return t;
}

std::vector<Tensor> unsqueeze(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::vector<std::int64_t> axes = attr_or_input(c, "axes", 1, {});
  if (axes.empty()) c.fail("has no axes");
  const int r = x.rank() + int(axes.size());
  std::vector<bool> inserted(std::size_t(r), false);
  for (std::int64_t a : axes) {
    const int k = axis_of(c, a, r);
    if (inserted[std::size_t(k)]) c.fail("names axis " + std::to_string(a) + " twice");
    inserted[std::size_t(k)] = true;
  }
  Shape out;
  std::size_t next = 0;
  for (int d = 0; d < r; ++d) out.push_back(inserted[std::size_t(d)] ? 1 : x.shape[next++]);
  return {reshaped(x, out)};
}

std::vector<Tensor> squeeze(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::vector<std::int64_t> axes = attr_or_input(c, "axes", 1, {});
  std::vector<bool> drop(x.shape.size(), false);
  for (std::int64_t a : axes) {
    const int k = axis_of(c, a, x.rank());
    if (x.shape[std::size_t(k)] != 1)
      c.fail("squeezes axis " + std::to_string(a) + " of size " +
             std::to_string(x.shape[std::size_t(k)]));
    drop[std::size_t(k)] = true;
  }
  Shape out;
  for (std::size_t d = 0; d < x.shape.size(); ++d) {
    if (!(axes.empty() ? x.shape[d] == 1 : drop[d])) out.push_back(x.shape[d]);
  }
  return {reshaped(x, out)};
}

std::vector<Tensor> reshape(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::vector<std::int64_t> want = ints_of(c, c.in(1), "the shape");
  const bool allow_zero = c.node().get_int("allowzero", 0) != 0;
  Shape out;
  int infer = -1;
  std::int64_t known = 1;
  for (std::size_t d = 0; d < want.size(); ++d) {
    std::int64_t v = want[d];
    if (v == 0 && !allow_zero) {
      if (d >= x.shape.size())
        c.fail("copies dimension " + std::to_string(d) + " the input does not have");
      v = x.shape[d];
    }
    if (v == -1) {
      if (infer >= 0) c.fail("has two -1 dimensions");
      infer = int(d);
      out.push_back(1);
      continue;
    }
    if (v < 0) c.fail("has dimension " + std::to_string(v));
    if (v > 0 && known > (std::int64_t(1) << 40) / v)
      c.fail("has a shape of more than 2^40 elements");
    out.push_back(v);
    known *= v;
  }
  if (infer >= 0) {
    if (known == 0 || x.size() % known != 0)
      c.fail("cannot reshape " + to_string(x.shape) + " to " + to_string(want));
    out[std::size_t(infer)] = x.size() / known;
  }
  if (element_count(out) != x.size())
    c.fail("cannot reshape " + to_string(x.shape) + " to " + to_string(want));
  return {reshaped(x, out)};
}

std::vector<Tensor> flatten(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::int64_t a = c.node().get_int("axis", 1);
  if (a < -x.rank() || a > x.rank())
    c.fail("has axis " + std::to_string(a) + " outside a rank-" + std::to_string(x.rank()) +
           " tensor");
  const int axis = int(a < 0 ? a + x.rank() : a);
  std::int64_t outer = 1;
  for (int d = 0; d < axis; ++d) outer *= x.shape[std::size_t(d)];
  return {reshaped(x, {outer, outer ? x.size() / outer : 0})};
}

std::vector<Tensor> transpose(const OpCall& c) {
  const Tensor& x = c.in(0);
  std::vector<std::int64_t> perm(x.shape.size());
  std::iota(perm.rbegin(), perm.rend(), 0);
  perm = c.node().get_ints("perm", perm);
  if (perm.size() != x.shape.size())
    c.fail("has a perm of " + std::to_string(perm.size()) + " axes for a rank-" +
           std::to_string(x.rank()) + " tensor");
  std::vector<bool> seen(perm.size(), false);
  Shape out;
  for (std::int64_t p : perm) {
    const int a = axis_of(c, p, x.rank());
    if (seen[std::size_t(a)]) c.fail("has a perm that names an axis twice");
    seen[std::size_t(a)] = true;
    out.push_back(x.shape[std::size_t(a)]);
  }
  const std::vector<std::int64_t> st = strides_of(x.shape);
  return {gathered(x, out, [&](const std::vector<std::int64_t>& pos) {
    std::int64_t src = 0;
    for (std::size_t d = 0; d < out.size(); ++d)
      src += pos[d] * st[std::size_t(perm[d] < 0 ? perm[d] + x.rank() : perm[d])];
    return src;
  })};
}

}  // namespace

std::vector<Operator> shape_operators() {
  return {
      {"Cast", cast, {}, Placement::kPeriphery},
      {"Concat", concat, {}, Placement::kPeriphery},
      {"Constant", constant, {}, Placement::kPeriphery},
      {"Dropout", dropout, {1, 2}, Placement::kPeriphery},
      {"Flatten", flatten, {}, Placement::kPeriphery},
      {"Gather", gather, {1}, Placement::kPeriphery},
      {"Identity", identity, {}, Placement::kPeriphery},
      {"Reshape", reshape, {1}, Placement::kPeriphery},
      {"Shape", shape, {}, Placement::kPeriphery},
      {"Slice", slice, {1, 2, 3, 4}, Placement::kPeriphery},
      {"Squeeze", squeeze, {1}, Placement::kPeriphery},
      {"Transpose", transpose, {}, Placement::kPeriphery},
      {"Unsqueeze", unsqueeze, {1}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
