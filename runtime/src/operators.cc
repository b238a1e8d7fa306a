// SPDX-License-Identifier: Apache-2.0
#include "operators.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cim/array_file.h"

namespace cim::ops {

const Tensor& OpCall::in(int k) const {
  if (k >= int(in_.size()) || !in_[std::size_t(k)]) fail("lacks input " + std::to_string(k));
  return *in_[std::size_t(k)];
}

const Tensor* OpCall::optional(int k) const {
  return k < int(in_.size()) ? in_[std::size_t(k)] : nullptr;
}

void OpCall::fail(const std::string& what) const {
  throw InputError("node '" + node_.name + "' (" + node_.op + ") " + what);
}

namespace {

// ---- helpers ------------------------------------------------------------------------------------

// The largest tensor an operator makes (a GiB of floats): a file's shapes, broadcast or
// convolved, could otherwise ask for more memory than any machine has.
constexpr std::int64_t kMaxElements = std::int64_t(1) << 28;

Shape bounded(const OpCall& c, Shape s) {
  if (element_count(s) > kMaxElements) c.fail("makes a tensor of " + to_string(s) + ", more than 2^28 values");
  return s;
}

std::vector<std::int64_t> strides_of(const Shape& s) {
  std::vector<std::int64_t> st(s.size(), 1);
  for (int d = int(s.size()) - 2; d >= 0; --d) st[std::size_t(d)] = st[std::size_t(d) + 1] * s[std::size_t(d) + 1];
  return st;
}

int axis_of(const OpCall& c, std::int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    c.fail("has axis " + std::to_string(axis) + " outside a rank-" + std::to_string(rank) + " tensor");
  }
  return int(axis < 0 ? axis + rank : axis);
}

const Tensor& float_input(const OpCall& c, int k) {
  const Tensor& t = c.in(k);
  if (!t.is_float()) c.fail("takes a float tensor as input " + std::to_string(k) + ", not integers");
  return t;
}

// Integer values of a constant input (axes, shapes, pads) or attribute.
std::vector<std::int64_t> ints_of(const OpCall& c, const Tensor& t, const std::string& what) {
  if (t.is_float()) c.fail("takes " + what + " as integers, not floats");
  return t.i;
}

// The integer list attribute `name`, or input k (opsets that moved it to an input), or fallback.
std::vector<std::int64_t> attr_or_input(const OpCall& c, const std::string& name, int k,
                                        std::vector<std::int64_t> fallback) {
  if (c.node().has(name)) return c.node().get_ints(name, {});
  if (const Tensor* t = c.optional(k)) return ints_of(c, *t, name);
  return fallback;
}

Shape broadcast_shape(const OpCall& c, const Shape& a, const Shape& b) {
  const std::size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (std::size_t d = 0; d < r; ++d) {
    const std::int64_t x = d + a.size() >= r ? a[d + a.size() - r] : 1;
    const std::int64_t y = d + b.size() >= r ? b[d + b.size() - r] : 1;
    if (x != y && x != 1 && y != 1) {
      c.fail("cannot broadcast " + to_string(a) + " with " + to_string(b));
    }
    out[d] = x == 1 ? y : x;  // 1 broadcasts to anything, 0 included
  }
  return out;
}

// For each element of `out`, the index of the element of `in` that broadcasts to it.
std::vector<std::int64_t> broadcast_index(const Shape& in, const Shape& out) {
  const std::int64_t n = element_count(out);
  std::vector<std::int64_t> idx(std::size_t(n), 0);
  const std::vector<std::int64_t> ost = strides_of(out), ist = strides_of(in);
  const std::size_t off = out.size() - in.size();
  for (std::int64_t k = 0; k < n; ++k) {
    std::int64_t rem = k, src = 0;
    for (std::size_t d = 0; d < out.size(); ++d) {
      const std::int64_t pos = rem / ost[d];
      rem %= ost[d];
      if (d >= off && in[d - off] != 1) src += pos * ist[d - off];
    }
    idx[std::size_t(k)] = src;
  }
  return idx;
}

template <typename F, typename I>
std::vector<Tensor> binary(const OpCall& c, F on_float, I on_int) {
  const Tensor& a = c.in(0);
  const Tensor& b = c.in(1);
  if (a.is_float() != b.is_float()) c.fail("mixes float and integer inputs");
  const Shape shape = bounded(c, broadcast_shape(c, a.shape, b.shape));
  const std::vector<std::int64_t> ia = broadcast_index(a.shape, shape), ib = broadcast_index(b.shape, shape);
  const std::size_t n = ia.size();
  if (a.is_float()) {
    std::vector<float> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = on_float(a.f[std::size_t(ia[k])], b.f[std::size_t(ib[k])]);
    return {Tensor::floats(shape, std::move(v))};
  }
  std::vector<std::int64_t> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = on_int(c, a.i[std::size_t(ia[k])], b.i[std::size_t(ib[k])]);
  return {Tensor::ints(shape, std::move(v))};
}

template <typename F>
std::vector<Tensor> unary(const OpCall& c, F fn) {
  Tensor t = float_input(c, 0);
  for (float& x : t.f) x = fn(x);
  return {std::move(t)};
}

}  // namespace

Window window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw, bool ceil_mode) {
  const GraphNode& n = c.node();
  const std::vector<std::int64_t> s = n.get_ints("strides", {1, 1});
  const std::vector<std::int64_t> d = n.get_ints("dilations", {1, 1});
  std::vector<std::int64_t> p = n.get_ints("pads", {0, 0, 0, 0});
  if (s.size() != 2 || d.size() != 2 || p.size() != 4) {
    c.fail("has strides, dilations or pads not for two spatial axes");
  }
  // Bounded so that no window arithmetic below can overflow (an image is far smaller).
  constexpr std::int64_t kMax = std::int64_t(1) << 20;
  for (std::int64_t v : s) if (v < 1 || v > kMax) c.fail("has a stride outside 1..2^20");
  for (std::int64_t v : d) if (v < 1 || v > kMax) c.fail("has a dilation outside 1..2^20");
  for (std::int64_t v : p) if (v < 0 || v > kMax) c.fail("has a pad outside 0..2^20");
  if (kh < 1 || kw < 1 || kh > kMax || kw > kMax) c.fail("has a kernel outside 1..2^20");
  Window w{kh, kw, s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3], 0, 0};
  const std::int64_t h = x[2], wd = x[3];
  const std::int64_t ekh = (kh - 1) * w.dh + 1, ekw = (kw - 1) * w.dw + 1;
  const std::string pad = n.get_string("auto_pad", "NOTSET");
  if (pad == "SAME_UPPER" || pad == "SAME_LOWER") {
    w.oh = (h + w.sh - 1) / w.sh;
    w.ow = (wd + w.sw - 1) / w.sw;
    const std::int64_t th = std::max<std::int64_t>(0, (w.oh - 1) * w.sh + ekh - h);
    const std::int64_t tw = std::max<std::int64_t>(0, (w.ow - 1) * w.sw + ekw - wd);
    const bool upper = pad == "SAME_UPPER";
    w.pt = upper ? th / 2 : th - th / 2;
    w.pb = th - w.pt;
    w.pl = upper ? tw / 2 : tw - tw / 2;
    w.pr = tw - w.pl;
    return w;
  }
  if (pad == "VALID") {
    w.pt = w.pl = w.pb = w.pr = 0;
  } else if (pad != "NOTSET") {
    c.fail("has auto_pad '" + pad + "' (NOTSET, SAME_UPPER, SAME_LOWER or VALID)");
  }
  const std::int64_t ph = h + w.pt + w.pb, pw = wd + w.pl + w.pr;
  if (ph < ekh || pw < ekw) {
    c.fail("has a " + std::to_string(ekh) + "x" + std::to_string(ekw) + " kernel (dilated) larger than its padded " +
           std::to_string(ph) + "x" + std::to_string(pw) + " input");
  }
  auto out = [&](std::int64_t padded, std::int64_t ek, std::int64_t st, std::int64_t in, std::int64_t begin) {
    std::int64_t o = ceil_mode ? (padded - ek + st - 1) / st + 1 : (padded - ek) / st + 1;
    if (ceil_mode && (o - 1) * st >= in + begin) --o;  // the last window starts inside the input
    return o;
  };
  w.oh = out(ph, ekh, w.sh, h, w.pt);
  w.ow = out(pw, ekw, w.sw, wd, w.pl);
  return w;
}

namespace {

const Tensor& nchw_input(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() != 4) c.fail("takes a 4-D NCHW input, not " + to_string(x.shape) + " (only 2-D images)");
  return x;
}

// ---- operators ----------------------------------------------------------------------------------

std::vector<Tensor> identity(const OpCall& c) { return {c.in(0)}; }

std::vector<Tensor> dropout(const OpCall& c) {
  if (c.node().outputs.size() > 1 && !c.node().outputs[1].empty()) c.fail("asks for its mask (inference takes none)");
  return {c.in(0)};
}

std::vector<Tensor> constant(const OpCall& c) {
  const GraphNode& n = c.node();
  if (n.has("value") && !n.attributes.at("value").tensor.empty()) return {n.attributes.at("value").tensor.front()};
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
      if (!std::isfinite(f) || std::fabs(f) > 9.2e18f) c.fail("casts a value that is not a 64-bit integer");
      v.push_back(std::int64_t(f));
    }
    return {Tensor::ints(x.shape, std::move(v))};
  }
  c.fail("casts to data type " + std::to_string(to) + " (FLOAT, DOUBLE, INT32 or INT64 here)");
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
      if (j < -dim || j >= dim) c.fail("gathers index " + std::to_string(j) + " of an axis of " + std::to_string(dim));
      const std::int64_t k = j < 0 ? j + dim : j;
      for (std::int64_t i = 0; i < inner; ++i) {
        const std::size_t src = std::size_t((o * dim + k) * inner + i);
        if (data.is_float()) t.f.push_back(data.f[src]);
        else t.i.push_back(data.i[src]);
      }
    }
  }
  return {std::move(t)};
}

// Copies the elements of `x` at the given per-axis index lists.
Tensor pick(const Tensor& x, const std::vector<std::vector<std::int64_t>>& at) {
  Shape out;
  for (const auto& a : at) out.push_back(std::int64_t(a.size()));
  Tensor t = x.is_float() ? Tensor::floats(out, {}) : Tensor::ints(out, {});
  const std::vector<std::int64_t> st = strides_of(x.shape);
  const std::int64_t n = element_count(out);
  std::vector<std::int64_t> pos(out.size(), 0);
  for (std::int64_t k = 0; k < n; ++k) {
    std::int64_t src = 0;
    for (std::size_t d = 0; d < out.size(); ++d) src += at[d][std::size_t(pos[d])] * st[d];
    if (x.is_float()) t.f.push_back(x.f[std::size_t(src)]);
    else t.i.push_back(x.i[std::size_t(src)]);
    for (int d = int(out.size()) - 1; d >= 0; --d) {
      if (++pos[std::size_t(d)] < out[std::size_t(d)]) break;
      pos[std::size_t(d)] = 0;
    }
  }
  return t;
}

std::vector<Tensor> slice(const OpCall& c) {
  const Tensor& x = c.in(0);
  const bool attrs = c.opset() < 10;
  const std::vector<std::int64_t> starts = attrs ? c.node().get_ints("starts", {}) : ints_of(c, c.in(1), "starts");
  const std::vector<std::int64_t> ends = attrs ? c.node().get_ints("ends", {}) : ints_of(c, c.in(2), "ends");
  std::vector<std::int64_t> axes(starts.size());
  std::iota(axes.begin(), axes.end(), 0);
  if (attrs) axes = c.node().get_ints("axes", axes);
  else if (const Tensor* a = c.optional(3)) axes = ints_of(c, *a, "axes");
  std::vector<std::int64_t> steps(starts.size(), 1);
  if (const Tensor* s = attrs ? nullptr : c.optional(4)) steps = ints_of(c, *s, "steps");
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
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
    if (t.is_float() != first.is_float() || t.rank() != first.rank()) c.fail("joins tensors of different types or ranks");
    for (int d = 0; d < t.rank(); ++d) {
      if (d != axis && t.shape[std::size_t(d)] != first.shape[std::size_t(d)]) {
        c.fail("joins " + to_string(first.shape) + " and " + to_string(t.shape) + " on axis " + std::to_string(axis));
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
      if (t.is_float()) r.f.insert(r.f.end(), t.f.begin() + o * chunk, t.f.begin() + (o + 1) * chunk);
      else r.i.insert(r.i.end(), t.i.begin() + o * chunk, t.i.begin() + (o + 1) * chunk);
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
    if (x.shape[std::size_t(k)] != 1) c.fail("squeezes axis " + std::to_string(a) + " of size " + std::to_string(x.shape[std::size_t(k)]));
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
      if (d >= x.shape.size()) c.fail("copies dimension " + std::to_string(d) + " the input does not have");
      v = x.shape[d];
    }
    if (v == -1) {
      if (infer >= 0) c.fail("has two -1 dimensions");
      infer = int(d);
      out.push_back(1);
      continue;
    }
    if (v < 0) c.fail("has dimension " + std::to_string(v));
    if (v > 0 && known > (std::int64_t(1) << 40) / v) c.fail("has a shape of more than 2^40 elements");
    out.push_back(v);
    known *= v;
  }
  if (infer >= 0) {
    if (known == 0 || x.size() % known != 0) c.fail("cannot reshape " + to_string(x.shape) + " to " + to_string(want));
    out[std::size_t(infer)] = x.size() / known;
  }
  if (element_count(out) != x.size()) c.fail("cannot reshape " + to_string(x.shape) + " to " + to_string(want));
  return {reshaped(x, out)};
}

std::vector<Tensor> flatten(const OpCall& c) {
  const Tensor& x = c.in(0);
  const std::int64_t a = c.node().get_int("axis", 1);
  if (a < -x.rank() || a > x.rank()) c.fail("has axis " + std::to_string(a) + " outside a rank-" + std::to_string(x.rank()) + " tensor");
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
  if (perm.size() != x.shape.size()) c.fail("has a perm of " + std::to_string(perm.size()) + " axes for a rank-" + std::to_string(x.rank()) + " tensor");
  std::vector<bool> seen(perm.size(), false);
  Shape out;
  for (std::int64_t p : perm) {
    const int a = axis_of(c, p, x.rank());
    if (seen[std::size_t(a)]) c.fail("has a perm that names an axis twice");
    seen[std::size_t(a)] = true;
    out.push_back(x.shape[std::size_t(a)]);
  }
  const std::vector<std::int64_t> st = strides_of(x.shape);
  Tensor t = x.is_float() ? Tensor::floats(out, {}) : Tensor::ints(out, {});
  const std::int64_t n = x.size();
  std::vector<std::int64_t> pos(out.size(), 0);
  for (std::int64_t k = 0; k < n; ++k) {
    std::int64_t src = 0;
    for (std::size_t d = 0; d < out.size(); ++d) src += pos[d] * st[std::size_t(perm[d] < 0 ? perm[d] + x.rank() : perm[d])];
    if (x.is_float()) t.f.push_back(x.f[std::size_t(src)]);
    else t.i.push_back(x.i[std::size_t(src)]);
    for (int d = int(out.size()) - 1; d >= 0; --d) {
      if (++pos[std::size_t(d)] < out[std::size_t(d)]) break;
      pos[std::size_t(d)] = 0;
    }
  }
  return {std::move(t)};
}

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
  return binary(c, [](float a, float b) { return a + b; }, [](const OpCall& call, std::int64_t a, std::int64_t b) {
    std::int64_t r;
    const bool overflowed = __builtin_add_overflow(a, b, &r);
    return checked(call, overflowed, r);
  });
}
std::vector<Tensor> sub(const OpCall& c) {
  return binary(c, [](float a, float b) { return a - b; }, [](const OpCall& call, std::int64_t a, std::int64_t b) {
    std::int64_t r;
    const bool overflowed = __builtin_sub_overflow(a, b, &r);
    return checked(call, overflowed, r);
  });
}
std::vector<Tensor> mul(const OpCall& c) {
  return binary(c, [](float a, float b) { return a * b; }, [](const OpCall& call, std::int64_t a, std::int64_t b) {
    std::int64_t r;
    const bool overflowed = __builtin_mul_overflow(a, b, &r);
    return checked(call, overflowed, r);
  });
}
std::vector<Tensor> div(const OpCall& c) {
  return binary(c, [](float a, float b) { return a / b; }, int_div);
}
std::vector<Tensor> mod(const OpCall& c) {
  const bool fmod = c.node().get_int("fmod", 0) != 0;
  return binary(c, [](float a, float b) { return std::fmod(a, b); },
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
      if (!t->is_float() || t->size() != 1) c.fail("takes a float scalar as its " + std::string(k == 1 ? "min" : "max"));
      (k == 1 ? lo : hi) = t->f[0];
    }
  }
  return unary(c, [lo, hi](float x) { return std::min(std::max(x, lo), hi); });
}

// C[M x N] = A[M x K] x B[K x N], in double.
std::vector<float> matmul2d(const float* a, const float* b, std::int64_t m, std::int64_t k, std::int64_t n,
                            bool ta, bool tb) {
  std::vector<float> y(std::size_t(m * n));
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::int64_t q = 0; q < k; ++q) {
        s += double(ta ? a[q * m + i] : a[i * k + q]) * double(tb ? b[j * k + q] : b[q * n + j]);
      }
      y[std::size_t(i * n + j)] = float(s);
    }
  }
  return y;
}

std::vector<Tensor> gemm(const OpCall& c) {
  const Tensor& a = float_input(c, 0);
  const Tensor& b = float_input(c, 1);
  if (a.rank() != 2 || b.rank() != 2) c.fail("takes 2-D inputs, not " + to_string(a.shape) + " and " + to_string(b.shape));
  const bool ta = c.node().get_int("transA", 0) != 0, tb = c.node().get_int("transB", 0) != 0;
  const float alpha = c.node().get_float("alpha", 1.0f), beta = c.node().get_float("beta", 1.0f);
  const std::int64_t m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
  const std::int64_t kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
  if (k != kb) c.fail("multiplies " + std::to_string(m) + "x" + std::to_string(k) + " by " + std::to_string(kb) + "x" + std::to_string(n));
  bounded(c, {m, n});
  std::vector<float> y = matmul2d(a.f.data(), b.f.data(), m, k, n, ta, tb);
  for (float& v : y) v *= alpha;
  if (const Tensor* bias = c.optional(2)) {
    if (!bias->is_float()) c.fail("takes a float C");
    const Shape out{m, n};
    if (broadcast_shape(c, bias->shape, out) != out) c.fail("has a C of " + to_string(bias->shape) + " that does not broadcast to " + to_string(out));
    const std::vector<std::int64_t> ib = broadcast_index(bias->shape, out);
    for (std::size_t q = 0; q < y.size(); ++q) y[q] += beta * bias->f[std::size_t(ib[q])];
  }
  return {Tensor::floats({m, n}, std::move(y))};
}

std::vector<Tensor> matmul(const OpCall& c) {
  const Tensor& a = float_input(c, 0);
  const Tensor& b = float_input(c, 1);
  if (b.rank() != 2 || a.rank() < 1) c.fail("multiplies " + to_string(a.shape) + " by " + to_string(b.shape) + " (only a 2-D right operand here)");
  const std::int64_t k = a.shape.back(), n = b.shape[1];
  if (k != b.shape[0]) c.fail("multiplies " + to_string(a.shape) + " by " + to_string(b.shape));
  const std::int64_t m = a.size() / std::max<std::int64_t>(k, 1);
  Shape out = a.shape;
  out.back() = n;
  return {Tensor::floats(bounded(c, out), matmul2d(a.f.data(), b.f.data(), m, k, n, false, false))};
}

std::vector<Tensor> conv(const OpCall& c) {
  const Tensor& x = nchw_input(c);
  const Tensor& w = float_input(c, 1);
  const std::int64_t group = c.node().get_int("group", 1);
  const std::int64_t cin = x.shape[1];
  if (w.rank() != 4) c.fail("has a weight of shape " + to_string(w.shape) + ", not M x C/group x kH x kW");
  const std::int64_t cout = w.shape[0];
  if (group < 1 || cin % group != 0 || cout % group != 0 || w.shape[1] != cin / group) {
    c.fail("has a " + to_string(w.shape) + " weight for " + std::to_string(cin) + " input channels in " + std::to_string(group) + " groups");
  }
  const std::vector<std::int64_t> ks = c.node().get_ints("kernel_shape", {w.shape[2], w.shape[3]});
  if (ks != std::vector<std::int64_t>{w.shape[2], w.shape[3]}) c.fail("has kernel_shape unlike its weight's");
  const Window g = window(c, x.shape, w.shape[2], w.shape[3], false);
  const Tensor* bias = c.optional(2);
  if (bias && (!bias->is_float() || bias->size() != cout)) c.fail("has a bias of " + std::to_string(bias ? bias->size() : 0) + " values for " + std::to_string(cout) + " channels");
  const std::int64_t n = x.shape[0], h = x.shape[2], wd = x.shape[3], cpg = cin / group, opg = cout / group;
  std::vector<float> y(std::size_t(element_count(bounded(c, {n, cout, g.oh, g.ow}))));
  for (std::int64_t b = 0; b < n; ++b) {
    for (std::int64_t o = 0; o < cout; ++o) {
      const std::int64_t grp = o / opg;
      for (std::int64_t oy = 0; oy < g.oh; ++oy) {
        for (std::int64_t ox = 0; ox < g.ow; ++ox) {
          double s = bias ? double(bias->f[std::size_t(o)]) : 0.0;
          for (std::int64_t ci = 0; ci < cpg; ++ci) {
            for (std::int64_t ky = 0; ky < g.kh; ++ky) {
              const std::int64_t iy = oy * g.sh - g.pt + ky * g.dh;
              if (iy < 0 || iy >= h) continue;
              for (std::int64_t kx = 0; kx < g.kw; ++kx) {
                const std::int64_t ix = ox * g.sw - g.pl + kx * g.dw;
                if (ix < 0 || ix >= wd) continue;
                s += double(x.f[std::size_t(((b * cin + grp * cpg + ci) * h + iy) * wd + ix)]) *
                     double(w.f[std::size_t(((o * cpg + ci) * g.kh + ky) * g.kw + kx)]);
              }
            }
          }
          y[std::size_t(((b * cout + o) * g.oh + oy) * g.ow + ox)] = float(s);
        }
      }
    }
  }
  return {Tensor::floats({n, cout, g.oh, g.ow}, std::move(y))};
}

std::vector<Tensor> batch_norm(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (c.node().get_int("training_mode", 0) != 0) c.fail("is in training mode");
  if (x.rank() < 2) c.fail("takes an input of rank 2 or more, not " + to_string(x.shape));
  const std::int64_t ch = x.shape[1];
  for (int k = 1; k <= 4; ++k) {
    if (float_input(c, k).size() != ch) {
      c.fail("has input " + std::to_string(k) + " of " + std::to_string(c.in(k).size()) + " values for " +
             std::to_string(ch) + " channels");
    }
  }
  const float eps = c.node().get_float("epsilon", 1e-5f);
  const std::int64_t inner = x.size() / std::max<std::int64_t>(x.shape[0] * ch, 1);
  Tensor y = x;
  for (std::int64_t q = 0; q < x.size(); ++q) {
    const std::size_t k = std::size_t((q / inner) % ch);
    const double scale = double(c.in(1).f[k]) / std::sqrt(double(c.in(4).f[k]) + double(eps));
    y.f[std::size_t(q)] = float((double(x.f[std::size_t(q)]) - c.in(3).f[k]) * scale + c.in(2).f[k]);
  }
  return {std::move(y)};
}

std::vector<Tensor> pool(const OpCall& c, bool max) {
  const Tensor& x = nchw_input(c);
  if (c.node().outputs.size() > 1 && !c.node().outputs[1].empty()) c.fail("asks for its indices");
  const std::vector<std::int64_t> ks = c.node().get_ints("kernel_shape", {});
  if (ks.size() != 2) c.fail("has a kernel_shape not for two spatial axes");
  if (!max && c.node().has("dilations") && c.node().get_ints("dilations", {}) != std::vector<std::int64_t>{1, 1}) {
    c.fail("has dilations (AveragePool takes none here)");
  }
  const Window g = window(c, x.shape, ks[0], ks[1], c.node().get_int("ceil_mode", 0) != 0);
  const bool include_pad = c.node().get_int("count_include_pad", 0) != 0;
  bounded(c, {x.shape[0], x.shape[1], g.oh, g.ow});
  const std::int64_t n = x.shape[0], ch = x.shape[1], h = x.shape[2], wd = x.shape[3];
  std::vector<float> y;
  for (std::int64_t p = 0; p < n * ch; ++p) {
    for (std::int64_t oy = 0; oy < g.oh; ++oy) {
      for (std::int64_t ox = 0; ox < g.ow; ++ox) {
        double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
        std::int64_t count = 0;
        for (std::int64_t ky = 0; ky < g.kh; ++ky) {
          const std::int64_t iy = oy * g.sh - g.pt + ky * g.dh;
          for (std::int64_t kx = 0; kx < g.kw; ++kx) {
            const std::int64_t ix = ox * g.sw - g.pl + kx * g.dw;
            const bool inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
            // count_include_pad counts the explicit pads, not the ceil_mode overhang.
            if (include_pad && iy < h + g.pb && ix < wd + g.pr) ++count;
            if (!inside) continue;
            const double v = x.f[std::size_t((p * h + iy) * wd + ix)];
            if (max) acc = std::max(acc, v);
            else acc += v;
            if (!include_pad) ++count;
          }
        }
        y.push_back(float(max ? acc : acc / double(std::max<std::int64_t>(count, 1))));
      }
    }
  }
  return {Tensor::floats({n, ch, g.oh, g.ow}, std::move(y))};
}

std::vector<Tensor> max_pool(const OpCall& c) { return pool(c, true); }
std::vector<Tensor> average_pool(const OpCall& c) { return pool(c, false); }

// The mean over `axes` (sorted, distinct), keeping them as 1 or dropping them.
Tensor mean_over(const Tensor& x, const std::vector<bool>& reduce, bool keep) {
  Shape out, kept;
  for (std::size_t d = 0; d < x.shape.size(); ++d) {
    kept.push_back(reduce[d] ? 1 : x.shape[d]);
    if (!reduce[d]) out.push_back(x.shape[d]);
    else if (keep) out.push_back(1);
  }
  const std::int64_t n = element_count(kept);
  std::vector<double> sum(std::size_t(n), 0.0);
  const std::vector<std::int64_t> st = strides_of(x.shape), kst = strides_of(kept);
  for (std::int64_t q = 0; q < x.size(); ++q) {
    std::int64_t rem = q, dst = 0;
    for (std::size_t d = 0; d < x.shape.size(); ++d) {
      const std::int64_t pos = rem / st[d];
      rem %= st[d];
      if (!reduce[d]) dst += pos * kst[d];
    }
    sum[std::size_t(dst)] += x.f[std::size_t(q)];
  }
  const double count = double(x.size()) / double(std::max<std::int64_t>(n, 1));
  std::vector<float> v;
  for (double s : sum) v.push_back(float(s / count));
  return Tensor::floats(out, std::move(v));
}

std::vector<Tensor> global_average_pool(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() < 3) c.fail("takes an N x C x spatial input, not " + to_string(x.shape));
  std::vector<bool> reduce(x.shape.size(), true);
  reduce[0] = reduce[1] = false;
  return {mean_over(x, reduce, true)};
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
      auto at = [&](std::int64_t j) -> float& { return y.f[std::size_t((o * dim + j) * inner + i)]; };
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

const std::vector<Operator>& table() {
  static const std::vector<Operator> t = {
      {"Add", add, {}},
      {"AveragePool", average_pool, {}},
      {"BatchNormalization", batch_norm, {1, 2, 3, 4}},
      {"Cast", cast, {}},
      {"Clip", clip, {1, 2}},
      {"Concat", concat, {}},
      {"Constant", constant, {}},
      {"Conv", conv, {1, 2}},
      {"Div", div, {}},
      {"Dropout", dropout, {1, 2}},
      {"Flatten", flatten, {}},
      {"Gather", gather, {1}},
      {"Gemm", gemm, {1, 2}},
      {"GlobalAveragePool", global_average_pool, {}},
      {"Identity", identity, {}},
      {"LeakyRelu", leaky_relu, {}},
      {"LogSoftmax", log_softmax, {}},
      {"MatMul", matmul, {1}},
      {"MaxPool", max_pool, {}},
      {"Mod", mod, {}},
      {"Mul", mul, {}},
      {"ReduceMean", reduce_mean, {1}},
      {"Relu", relu, {}},
      {"Reshape", reshape, {1}},
      {"Shape", shape, {}},
      {"Slice", slice, {1, 2, 3, 4}},
      {"Softmax", softmax, {}},
      {"Squeeze", squeeze, {1}},
      {"Sub", sub, {}},
      {"Transpose", transpose, {}},
      {"Unsqueeze", unsqueeze, {1}},
  };
  return t;
}

}  // namespace

const Operator* find_operator(const std::string& op) {
  for (const Operator& o : table()) {
    if (op == o.name) return &o;
  }
  return nullptr;
}

std::vector<std::string> operator_names() {
  std::vector<std::string> v;
  for (const Operator& o : table()) v.push_back(o.name);
  return v;
}

}  // namespace cim::ops
