// SPDX-License-Identifier: Apache-2.0
// Convolution and pooling over NCHW images and NCL sequences (a row of height 1), windowed alike
// (window()): Conv and ConvTranspose, layers on the macros (lowered by im2col, the transposed
// one as the convolution it equals: nn/src/quantized_network.cc); max, average and global average
// pooling.
#include <algorithm>
#include <limits>

#include "kernels.h"

namespace cim::ops {
namespace {

// A convolution's input, weight and groups, checked: the weight of rank the input's (two channel
// axes, `layout` saying which, then a kernel axis an input axis), as many channels in each group,
// and kernel_shape, when given, the weight's.
struct Convolution {
  const Tensor& x;
  const Tensor& w;
  std::int64_t group, cin;
  bool transposed;

  Convolution(const OpCall& c, bool transposed_kind)
      : x(spatial_input(c)),
        w(float_input(c, 1)),
        group(c.node().get_int("group", 1)),
        cin(x.shape[1]),
        transposed(transposed_kind) {
    if (w.rank() != x.rank()) {
      c.fail("has a weight of shape " + to_string(w.shape) + " for an input of " +
             to_string(x.shape) + (transposed ? " (C x M/group" : " (M x C/group") +
             " x a kernel axis an input axis)");
    }
    // Conv's W is M x C/group, ConvTranspose's C x M/group.
    const bool fits = transposed ? w.shape[0] == cin
                                 : w.shape[0] % std::max<std::int64_t>(group, 1) == 0 &&
                                       w.shape[1] == cin / std::max<std::int64_t>(group, 1);
    if (group < 1 || cin % group != 0 || !fits) {
      c.fail("has a " + to_string(w.shape) + " weight for " + std::to_string(cin) +
             " input channels in " + std::to_string(group) + " groups");
    }
    const Shape kernel(w.shape.begin() + 2, w.shape.end());
    if (c.node().get_ints("kernel_shape", kernel) != kernel)
      c.fail("has kernel_shape unlike its weight's");
  }
  std::int64_t cout() const { return transposed ? w.shape[1] * group : w.shape[0]; }
  // Input 2, a value an output channel, or null.
  const Tensor* bias(const OpCall& c) const {
    const Tensor* b = c.optional(2);
    if (b && (!b->is_float() || b->size() != cout()))
      c.fail("has a bias of " + std::to_string(b->size()) + " values for " +
             std::to_string(cout()) + " channels");
    return b;
  }
};

std::vector<Tensor> conv(const OpCall& c) {
  const Convolution conv(c, false);
  const Tensor& x = conv.x;
  const Tensor& w = conv.w;
  const std::int64_t group = conv.group, cin = conv.cin, cout = conv.cout();
  const Plane k = plane_of(w.shape);
  const Window g = window(c, x.shape, k.h, k.w, false);
  const Tensor* bias = conv.bias(c);
  const Plane plane = plane_of(x.shape);
  const std::int64_t h = plane.h, wd = plane.w;
  const std::int64_t n = x.shape[0], cpg = cin / group, opg = cout / group;
  const Shape out = x.rank() == 3 ? Shape{n, cout, g.ow} : Shape{n, cout, g.oh, g.ow};
  std::vector<float> y(std::size_t(element_count(bounded(c, out))));
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
  return {Tensor::floats(out, std::move(y))};
}

// ConvTranspose: W is C x M/group x kernel; computed as the convolution it equals
// (transposed_window): the flipped kernel over the zero-inserted, padded input.
std::vector<Tensor> conv_transpose(const OpCall& c) {
  const Convolution conv(c, true);
  const Tensor& x = conv.x;
  const Tensor& w = conv.w;
  const std::int64_t group = conv.group, cin = conv.cin, cout = conv.cout();
  const std::int64_t opg = w.shape[1], cpg = cin / group;
  const Plane k = plane_of(w.shape);
  const Window g = transposed_window(c, x.shape, k.h, k.w);
  const Tensor* bias = conv.bias(c);
  const Plane plane = plane_of(x.shape);
  const std::int64_t h = plane.h, wd = plane.w;
  const std::int64_t n = x.shape[0];
  const Shape out = x.rank() == 3 ? Shape{n, cout, g.ow} : Shape{n, cout, g.oh, g.ow};
  std::vector<float> y(std::size_t(element_count(bounded(c, out))));
  for (std::int64_t b = 0; b < n; ++b) {
    for (std::int64_t o = 0; o < cout; ++o) {
      const std::int64_t grp = o / opg, m = o % opg;
      for (std::int64_t oy = 0; oy < g.oh; ++oy) {
        for (std::int64_t ox = 0; ox < g.ow; ++ox) {
          double s = bias ? double(bias->f[std::size_t(o)]) : 0.0;
          for (std::int64_t ci = grp * cpg; ci < (grp + 1) * cpg; ++ci) {
            for (std::int64_t ky = 0; ky < g.kh; ++ky) {
              const std::int64_t iy = transposed_source(oy, ky, g.sh, g.dh, g.pt, h);
              if (iy < 0) continue;
              for (std::int64_t kx = 0; kx < g.kw; ++kx) {
                const std::int64_t ix = transposed_source(ox, kx, g.sw, g.dw, g.pl, wd);
                if (ix < 0) continue;
                s += double(x.f[std::size_t(((b * cin + ci) * h + iy) * wd + ix)]) *
                     double(w.f[std::size_t(((ci * opg + m) * g.kh + g.kh - 1 - ky) * g.kw + g.kw -
                                            1 - kx)]);
              }
            }
          }
          y[std::size_t(((b * cout + o) * g.oh + oy) * g.ow + ox)] = float(s);
        }
      }
    }
  }
  return {Tensor::floats(out, std::move(y))};
}

std::vector<Tensor> pool(const OpCall& c, bool max) {
  const Tensor& x = spatial_input(c);
  if (c.node().outputs.size() > 1 && !c.node().outputs[1].empty()) c.fail("asks for its indices");
  const std::vector<std::int64_t> ks = c.node().get_ints("kernel_shape", {});
  const std::size_t axes = x.shape.size() - 2;
  if (ks.size() != axes)
    c.fail("has a kernel_shape not for its " + std::to_string(axes) + " spatial axes");
  if (!max && c.node().has("dilations") &&
      c.node().get_ints("dilations", {}) != std::vector<std::int64_t>(axes, 1)) {
    c.fail("has dilations (AveragePool takes none here)");
  }
  const Window g =
      window(c, x.shape, axes == 1 ? 1 : ks[0], ks.back(), c.node().get_int("ceil_mode", 0) != 0);
  const bool include_pad = c.node().get_int("count_include_pad", 0) != 0;
  const Shape out =
      axes == 1 ? Shape{x.shape[0], x.shape[1], g.ow} : Shape{x.shape[0], x.shape[1], g.oh, g.ow};
  bounded(c, out);
  const Plane plane = plane_of(x.shape);
  const std::int64_t h = plane.h, wd = plane.w;
  const std::int64_t n = x.shape[0], ch = x.shape[1];
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
            if (max)
              acc = std::max(acc, v);
            else
              acc += v;
            if (!include_pad) ++count;
          }
        }
        y.push_back(float(max ? acc : acc / double(std::max<std::int64_t>(count, 1))));
      }
    }
  }
  return {Tensor::floats(out, std::move(y))};
}

std::vector<Tensor> max_pool(const OpCall& c) { return pool(c, true); }
std::vector<Tensor> average_pool(const OpCall& c) { return pool(c, false); }

std::vector<Tensor> global_average_pool(const OpCall& c) {
  const Tensor& x = float_input(c, 0);
  if (x.rank() < 3) c.fail("takes an N x C x spatial input, not " + to_string(x.shape));
  std::vector<bool> reduce(x.shape.size(), true);
  reduce[0] = reduce[1] = false;
  return {mean_over(x, reduce, true)};
}

}  // namespace

std::vector<Operator> convolution_operators() {
  return {
      {"AveragePool", average_pool, {}, Placement::kPeriphery},
      {"Conv", conv, {1, 2}, Placement::kMacros},
      {"ConvTranspose", conv_transpose, {1, 2}, Placement::kMacros},
      {"GlobalAveragePool", global_average_pool, {}, Placement::kPeriphery},
      {"MaxPool", max_pool, {}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
