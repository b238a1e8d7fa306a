// SPDX-License-Identifier: Apache-2.0
#include "kernels.h"

#include <algorithm>

namespace cim::ops {

Shape bounded(const OpCall& c, Shape s) {
  if (element_count(s) > kMaxElements)
    c.fail("makes a tensor of " + to_string(s) + ", more than 2^28 values");
  return s;
}

std::vector<std::int64_t> strides_of(const Shape& s) {
  std::vector<std::int64_t> st(s.size(), 1);
  for (int d = int(s.size()) - 2; d >= 0; --d)
    st[std::size_t(d)] = st[std::size_t(d) + 1] * s[std::size_t(d) + 1];
  return st;
}

int axis_of(const OpCall& c, std::int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    c.fail("has axis " + std::to_string(axis) + " outside a rank-" + std::to_string(rank) +
           " tensor");
  }
  return int(axis < 0 ? axis + rank : axis);
}

const Tensor& float_input(const OpCall& c, int k) {
  const Tensor& t = c.in(k);
  if (!t.is_float())
    c.fail("takes a float tensor as input " + std::to_string(k) + ", not integers");
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

const Tensor& spatial_input(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() != 3 && x.rank() != 4)
    c.fail("takes an N x C x L or N x C x H x W input, not " + to_string(x.shape));
  return x;
}

// The mean over `axes` (sorted, distinct), keeping them as 1 or dropping them.
Tensor mean_over(const Tensor& x, const std::vector<bool>& reduce, bool keep) {
  Shape out, kept;
  for (std::size_t d = 0; d < x.shape.size(); ++d) {
    kept.push_back(reduce[d] ? 1 : x.shape[d]);
    if (!reduce[d])
      out.push_back(x.shape[d]);
    else if (keep)
      out.push_back(1);
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

Plane plane_of(const Shape& s) { return s.size() == 3 ? Plane{1, s[2]} : Plane{s[2], s[3]}; }

Window window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw, bool ceil_mode) {
  const GraphNode& n = c.node();
  const bool one_d = x.size() == 3;
  std::vector<std::int64_t> s = n.get_ints("strides", one_d ? Shape{1} : Shape{1, 1});
  std::vector<std::int64_t> d = n.get_ints("dilations", one_d ? Shape{1} : Shape{1, 1});
  std::vector<std::int64_t> p = n.get_ints("pads", one_d ? Shape{0, 0} : Shape{0, 0, 0, 0});
  if (s.size() != x.size() - 2 || d.size() != x.size() - 2 || p.size() != 2 * (x.size() - 2)) {
    c.fail("has strides, dilations or pads not for its " + std::to_string(x.size() - 2) +
           " spatial axes");
  }
  if (one_d) {  // a row of one: height 1, no stride, dilation or pad across it
    s.insert(s.begin(), 1);
    d.insert(d.begin(), 1);
    p = {0, p[0], 0, p[1]};
  }
  // Bounded so that no window arithmetic below can overflow (an image is far smaller).
  constexpr std::int64_t kMax = std::int64_t(1) << 20;
  for (std::int64_t v : s)
    if (v < 1 || v > kMax) c.fail("has a stride outside 1..2^20");
  for (std::int64_t v : d)
    if (v < 1 || v > kMax) c.fail("has a dilation outside 1..2^20");
  for (std::int64_t v : p)
    if (v < 0 || v > kMax) c.fail("has a pad outside 0..2^20");
  if (kh < 1 || kw < 1 || kh > kMax || kw > kMax) c.fail("has a kernel outside 1..2^20");
  Window w{kh, kw, s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3], 0, 0};
  const Plane plane = plane_of(x);
  const std::int64_t h = plane.h, wd = plane.w;
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
    c.fail("has a " + std::to_string(ekh) + "x" + std::to_string(ekw) +
           " kernel (dilated) larger than its padded " + std::to_string(ph) + "x" +
           std::to_string(pw) + " input");
  }
  auto out = [&](std::int64_t padded, std::int64_t ek, std::int64_t st, std::int64_t in,
                 std::int64_t begin) {
    std::int64_t o = ceil_mode ? (padded - ek + st - 1) / st + 1 : (padded - ek) / st + 1;
    if (ceil_mode && (o - 1) * st >= in + begin) --o;  // the last window starts inside the input
    return o;
  };
  w.oh = out(ph, ekh, w.sh, h, w.pt);
  w.ow = out(pw, ekw, w.sw, wd, w.pl);
  return w;
}

Window transposed_window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw) {
  const GraphNode& n = c.node();
  const std::size_t axes = x.size() - 2;
  // An attribute of one value an axis (or a begin and an end an axis: per_side); a 1-D input's
  // lifted to a row of height 1.
  const auto ints = [&](const char* name, std::int64_t fill, bool per_side) {
    const std::size_t count = per_side ? 2 * axes : axes;
    std::vector<std::int64_t> v = n.get_ints(name, std::vector<std::int64_t>(count, fill));
    if (v.size() != count) {
      c.fail("has " + std::string(name) + " not for its " + std::to_string(axes) + " spatial axes");
    }
    if (axes == 1) {
      v = per_side ? std::vector<std::int64_t>{0, v[0], 0, v[1]}
                   : std::vector<std::int64_t>{fill, v[0]};
    }
    return v;
  };
  if (n.has("output_shape")) c.fail("has output_shape (not taken here: pads and output_padding)");
  if (n.get_string("auto_pad", "NOTSET") != "NOTSET")
    c.fail("has auto_pad (not taken here: explicit pads)");
  const std::vector<std::int64_t> s = ints("strides", 1, false), d = ints("dilations", 1, false),
                                  p = ints("pads", 0, true), op = ints("output_padding", 0, false);
  constexpr std::int64_t kMax = std::int64_t(1) << 20;
  for (const std::vector<std::int64_t>* v : {&s, &d}) {
    for (std::int64_t e : *v)
      if (e < 1 || e > kMax) c.fail("has a stride or dilation outside 1..2^20");
  }
  for (const std::vector<std::int64_t>* v : {&p, &op}) {
    for (std::int64_t e : *v)
      if (e < 0 || e > kMax) c.fail("has a pad or output_padding outside 0..2^20");
  }
  if (kh < 1 || kw < 1 || kh > kMax || kw > kMax) c.fail("has a kernel outside 1..2^20");
  if (op[0] >= std::max(s[0], d[0]) || op[1] >= std::max(s[1], d[1]))
    c.fail("has an output_padding not below its stride or dilation");
  const Plane plane = plane_of(x);
  const std::int64_t h = plane.h, wd = plane.w;
  Window w{kh, kw, s[0], s[1], d[0], d[1], 0, 0, 0, 0, 0, 0};
  // The convolution it equals pads the zero-inserted input by d (k - 1) - pad at the start and
  // d (k - 1) - pad + output_padding at the end (negative: cropped).
  w.pt = d[0] * (kh - 1) - p[0];
  w.pl = d[1] * (kw - 1) - p[1];
  w.pb = d[0] * (kh - 1) - p[2] + op[0];
  w.pr = d[1] * (kw - 1) - p[3] + op[1];
  w.oh = h == 0 ? 0 : (h - 1) * s[0] + 1 + d[0] * (kh - 1) - p[0] - p[2] + op[0];
  w.ow = wd == 0 ? 0 : (wd - 1) * s[1] + 1 + d[1] * (kw - 1) - p[1] - p[3] + op[1];
  if (w.oh < 1 || w.ow < 1) c.fail("pads its output away (an empty output)");
  return w;
}

std::int64_t transposed_source(std::int64_t o, std::int64_t k, std::int64_t stride,
                               std::int64_t dilation, std::int64_t pad_begin, std::int64_t in) {
  const std::int64_t v = o + k * dilation - pad_begin;
  if (v < 0 || v % stride != 0 || v / stride >= in) return -1;
  return v / stride;
}

}  // namespace cim::ops
