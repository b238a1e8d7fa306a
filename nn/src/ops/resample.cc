// SPDX-License-Identifier: Apache-2.0
// Padding and resizing: Pad (constant, reflect, edge, wrap; negative pads crop) and Resize
// (nearest and linear, in every coordinate mode PyTorch's exporters write: nn.Upsample and
// F.interpolate), in the periphery.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace cim::ops {
namespace {

// Where output index i of an axis of `n` input elements, padded by `begin` before, reads: the
// input index, or -1 for the constant.
std::int64_t pad_source(std::int64_t i, std::int64_t begin, std::int64_t n,
                        const std::string& mode) {
  std::int64_t s = i - begin;
  if (s >= 0 && s < n) return s;
  if (mode == "constant" || n == 0) return -1;
  if (mode == "edge") return std::clamp<std::int64_t>(s, 0, n - 1);
  if (mode == "wrap") return ((s % n) + n) % n;
  // reflect: mirrored about the first and last elements, which are not repeated
  if (n == 1) return 0;
  const std::int64_t period = 2 * (n - 1);
  s = ((s % period) + period) % period;
  return s < n ? s : period - s;
}

// Pad: pads (begin of each axis, then end; negative crops) and the constant from inputs 1 and 2
// from opset 11 (axes, input 3, from 18), from attributes before.
std::vector<Tensor> pad(const OpCall& c) {
  const Tensor& x = c.in(0);
  const int rank = x.rank();
  const std::string mode = c.node().get_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge" && mode != "wrap")
    c.fail("has mode '" + mode + "' (constant, reflect, edge or wrap)");
  if (mode == "wrap" && c.opset() < 19) c.fail("has mode 'wrap', which opset 19 introduced");
  std::vector<std::int64_t> given = attr_or_input(c, "pads", 1, {});
  double value = c.node().get_float("value", 0.0f);
  if (c.opset() >= 11) {
    if (const Tensor* v = c.optional(2); v && v->size() > 0) {
      if (v->size() != 1)
        c.fail("has a constant_value of " + std::to_string(v->size()) + " values");
      value = v->at(0);
    }
  }
  std::vector<std::int64_t> axes(static_cast<std::size_t>(rank));
  for (int a = 0; a < rank; ++a) axes[std::size_t(a)] = a;
  if (const Tensor* t = c.opset() >= 18 ? c.optional(3) : nullptr; t && t->size() > 0) {
    axes.clear();
    for (std::int64_t a : ints_of(c, *t, "axes")) axes.push_back(axis_of(c, a, rank));
  }
  if (given.size() != 2 * axes.size()) {
    c.fail("has " + std::to_string(given.size()) + " pads for " + std::to_string(axes.size()) +
           " axes (a begin and an end each)");
  }
  std::vector<std::int64_t> begin(static_cast<std::size_t>(rank), 0),
      end(static_cast<std::size_t>(rank), 0);
  for (std::size_t k = 0; k < axes.size(); ++k) {
    begin[std::size_t(axes[k])] = given[k];
    end[std::size_t(axes[k])] = given[k + axes.size()];
  }
  Shape out(static_cast<std::size_t>(rank));
  for (int a = 0; a < rank; ++a) {
    const std::int64_t n = x.shape[std::size_t(a)];
    out[std::size_t(a)] = n + begin[std::size_t(a)] + end[std::size_t(a)];
    if (out[std::size_t(a)] < 0) c.fail("crops axis " + std::to_string(a) + " below nothing");
    if (mode != "constant" && n == 0 && out[std::size_t(a)] > 0)
      c.fail("pads an empty axis in mode '" + mode + "'");
  }
  bounded(c, out);
  const std::vector<std::int64_t> ost = strides_of(out), ist = strides_of(x.shape);
  const std::int64_t total = element_count(out);
  std::vector<float> f;
  std::vector<std::int64_t> i;
  for (std::int64_t k = 0; k < total; ++k) {
    std::int64_t src = 0, rem = k;
    for (int a = 0; a < rank && src >= 0; ++a) {
      const std::int64_t pos = rem / ost[std::size_t(a)];
      rem %= ost[std::size_t(a)];
      const std::int64_t s = pad_source(pos, begin[std::size_t(a)], x.shape[std::size_t(a)], mode);
      src = s < 0 ? -1 : src + s * ist[std::size_t(a)];
    }
    if (x.is_float()) {
      f.push_back(src < 0 ? float(value) : x.f[std::size_t(src)]);
    } else {
      i.push_back(src < 0 ? std::int64_t(value) : x.i[std::size_t(src)]);
    }
  }
  return {x.is_float() ? Tensor::floats(out, std::move(f)) : Tensor::ints(out, std::move(i))};
}

// Resize's source coordinate of output index `o` on an axis of `in` elements resized to `out`
// by `scale`, in the node's coordinate_transformation_mode.
double source_coordinate(const OpCall& c, const std::string& mode, std::int64_t o, std::int64_t in,
                         std::int64_t out, double scale) {
  const double x = double(o);
  if (mode == "half_pixel") return (x + 0.5) / scale - 0.5;
  if (mode == "pytorch_half_pixel") return out > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  if (mode == "asymmetric") return x / scale;
  if (mode == "align_corners") return out == 1 ? 0.0 : x * double(in - 1) / double(out - 1);
  c.fail("has coordinate_transformation_mode '" + mode +
         "' (half_pixel, pytorch_half_pixel, asymmetric or align_corners here)");
}

// The input index nearest_mode picks for source coordinate `x`, clamped to the axis.
std::int64_t nearest(const OpCall& c, const std::string& mode, double x, std::int64_t in) {
  double r;
  if (mode == "round_prefer_floor") {
    r = x - std::floor(x) == 0.5 ? std::floor(x) : std::round(x);
  } else if (mode == "round_prefer_ceil") {
    r = std::round(x);
  } else if (mode == "floor") {
    r = std::floor(x);
  } else if (mode == "ceil") {
    r = std::ceil(x);
  } else {
    c.fail("has nearest_mode '" + mode + "' (round_prefer_floor, round_prefer_ceil, floor, ceil)");
  }
  return std::clamp<std::int64_t>(std::int64_t(r), 0, in - 1);
}

// One axis of a resize: for each output index the input indices it reads and their weights
// (one for nearest, two for linear).
struct Taps {
  std::vector<std::int64_t> lo, hi;
  std::vector<double> w_hi;  // the weight of hi; lo's is 1 - w_hi
};

Taps axis_taps(const OpCall& c, bool linear, std::int64_t in, std::int64_t out, double scale) {
  const GraphNode& n = c.node();
  const std::string coords =
      n.get_string("coordinate_transformation_mode", c.opset() < 11 ? "asymmetric" : "half_pixel");
  const std::string nearest_mode = n.get_string("nearest_mode", "round_prefer_floor");
  Taps t;
  for (std::int64_t o = 0; o < out; ++o) {
    const double x = source_coordinate(c, coords, o, in, out, scale);
    if (!linear) {
      const std::int64_t k = nearest(c, c.opset() < 11 ? "floor" : nearest_mode, x, in);
      t.lo.push_back(k);
      t.hi.push_back(k);
      t.w_hi.push_back(0);
      continue;
    }
    const double clamped = std::clamp(x, 0.0, double(in - 1));
    const std::int64_t lo = std::int64_t(std::floor(clamped));
    t.lo.push_back(lo);
    t.hi.push_back(std::min(lo + 1, in - 1));
    t.w_hi.push_back(clamped - double(lo));
  }
  return t;
}

// Resize: to `sizes`, or by `scales` (input 2 from opset 11, 1 at 10; the output floor(in x
// scale)), nearest or linear over every axis (PyTorch's resize the spatial ones only).
std::vector<Tensor> resize(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  const int rank = x.rank();
  const GraphNode& n = c.node();
  const std::string mode = n.get_string("mode", "nearest");
  if (mode != "nearest" && mode != "linear") c.fail("has mode '" + mode + "' (nearest or linear)");
  if (n.get_int("antialias", 0) != 0) c.fail("asks for antialiasing (not taken here)");
  if (n.has("axes")) c.fail("has axes (not taken here: scales or sizes for every axis)");
  if (n.get_string("keep_aspect_ratio_policy", "stretch") != "stretch")
    c.fail("keeps the aspect ratio (not taken here: stretch)");
  if (rank > 8) c.fail("resizes a rank-" + std::to_string(rank) + " tensor (8 axes at most here)");
  const Tensor* scales = c.optional(c.opset() < 11 ? 1 : 2);
  const Tensor* sizes = c.opset() < 11 ? nullptr : c.optional(3);
  if (scales && scales->size() == 0) scales = nullptr;
  if (sizes && sizes->size() == 0) sizes = nullptr;
  if (!scales == !sizes) c.fail("takes scales or sizes, one of them");
  if ((scales ? scales->size() : sizes->size()) != rank)
    c.fail("has " + std::to_string(scales ? scales->size() : sizes->size()) +
           " scales or sizes for a rank-" + std::to_string(rank) + " input");
  Shape out(static_cast<std::size_t>(rank));
  std::vector<double> scale(static_cast<std::size_t>(rank));
  for (int a = 0; a < rank; ++a) {
    const std::int64_t in = x.shape[std::size_t(a)];
    if (scales) {
      scale[std::size_t(a)] = scales->at(a);
      if (!(scale[std::size_t(a)] > 0) || scale[std::size_t(a)] > 1e6)
        c.fail("has a scale outside (0, 1e6]");
      out[std::size_t(a)] = std::int64_t(std::floor(double(in) * scale[std::size_t(a)]));
    } else {
      out[std::size_t(a)] = sizes->i.empty() ? -1 : sizes->i[std::size_t(a)];
      if (out[std::size_t(a)] < 0) c.fail("has a negative or non-integer size");
      scale[std::size_t(a)] = in ? double(out[std::size_t(a)]) / double(in) : 1.0;
    }
    if (in == 0 && out[std::size_t(a)] > 0) c.fail("resizes an empty axis");
  }
  bounded(c, out);
  std::vector<Taps> taps;
  for (int a = 0; a < rank; ++a) {
    taps.push_back(axis_taps(c, mode == "linear", x.shape[std::size_t(a)], out[std::size_t(a)],
                             scale[std::size_t(a)]));
  }
  const std::vector<std::int64_t> ost = strides_of(out), ist = strides_of(x.shape);
  const std::int64_t total = element_count(out);
  std::vector<float> y(static_cast<std::size_t>(total));
  std::vector<std::int64_t> pos(static_cast<std::size_t>(rank));
  for (std::int64_t k = 0; k < total; ++k) {
    std::int64_t rem = k;
    for (int a = 0; a < rank; ++a) {
      pos[std::size_t(a)] = rem / ost[std::size_t(a)];
      rem %= ost[std::size_t(a)];
    }
    double v = 0;  // the corners of the cell: each axis its low or high tap
    for (std::uint32_t corner = 0; corner < (1u << rank); ++corner) {
      double weight = 1;
      std::int64_t src = 0;
      for (int a = 0; a < rank && weight != 0; ++a) {
        const Taps& t = taps[std::size_t(a)];
        const std::size_t p = std::size_t(pos[std::size_t(a)]);
        const bool high = (corner >> a) & 1u;
        weight *= high ? t.w_hi[p] : 1.0 - t.w_hi[p];
        src += (high ? t.hi[p] : t.lo[p]) * ist[std::size_t(a)];
      }
      if (weight != 0) v += weight * double(x.f[std::size_t(src)]);
    }
    y[std::size_t(k)] = float(v);
  }
  return {Tensor::floats(out, std::move(y))};
}

}  // namespace

std::vector<Operator> resample_operators() {
  return {
      {"Pad", pad, {1, 2, 3}, Placement::kPeriphery},
      {"Resize", resize, {1, 2, 3}, Placement::kPeriphery, 10},
  };
}

}  // namespace cim::ops
