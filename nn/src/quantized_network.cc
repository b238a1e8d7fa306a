// SPDX-License-Identifier: Apache-2.0
#include "cim/quantized_network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "cim/array_file.h"
#include "cim/operators.h"
#include "ops/kernels.h"

namespace cim {

namespace {

std::int64_t max_unsigned(int bits) { return (std::int64_t(1) << bits) - 1; }
std::int64_t max_signed(int bits) { return (std::int64_t(1) << (bits - 1)) - 1; }

std::vector<float> example_of(const RealMatrix& m, int r) {
  std::vector<float> v(std::size_t(m.cols()));
  for (int c = 0; c < m.cols(); ++c) v[std::size_t(c)] = float(m.at(r, c));
  return v;
}

int argmax(const std::vector<double>& v) {
  return int(std::max_element(v.begin(), v.end()) - v.begin());
}

void check_width(const Graph& g, const RealMatrix& data, const std::string& what) {
  const std::int64_t k = element_count(g.input_shape());
  if (data.cols() != k) {
    throw std::invalid_argument(what + " has " + std::to_string(data.cols()) +
                                " inputs an example, the network " + std::to_string(k));
  }
}

[[noreturn]] void fail(const Graph& g, const GraphNode& n, const std::string& what) {
  throw InputError(g.path() + ": node '" + n.name + "' (" + n.op + ") " + what);
}

const Tensor& constant_input(const Graph& g, const GraphNode& n, std::size_t k) {
  const Tensor* t = k < n.inputs.size() ? g.constant(n.inputs[k]) : nullptr;
  if (!t || !t->is_float()) fail(g, n, "input " + std::to_string(k) + " is not a float constant");
  return *t;
}

// v / scale rounded to the nearest integer (ties to even), clamped to [lo, hi]: the one rounding
// rule of activations, inputs and run-time weights alike.
std::int64_t quantized(float v, double scale, std::int64_t lo, std::int64_t hi) {
  const double q = std::nearbyint(double(v) / scale);
  return std::clamp(std::int64_t(std::clamp(q, -1e18, 1e18)), lo, hi);
}

// Conv and ConvTranspose: lowered by im2col, their outputs channel-major.
bool is_convolution(const GraphNode& node) {
  return node.op == "Conv" || node.op == "ConvTranspose";
}

// A layer's float weights as the macro holds them, K x N row-major, and its bias.
struct FloatLayer {
  int k = 0, n = 0;
  std::vector<double> w, bias;
  double utilisation = 1.0;
  double& at(int row, int col) { return w[std::size_t(row) * std::size_t(n) + std::size_t(col)]; }
};

FloatLayer float_layer(const Graph& g, const GraphNode& node) {
  FloatLayer l;
  if (node.op == "Gemm" || node.op == "MatMul") {
    const Tensor& b = constant_input(g, node, 1);
    if (b.rank() != 2) fail(g, node, "has a weight of shape " + to_string(b.shape) + ", not 2-D");
    const bool tb = node.op == "Gemm" && node.get_int("transB", 0) != 0;
    const double alpha = node.op == "Gemm" ? node.get_float("alpha", 1.0f) : 1.0;
    l.k = int(tb ? b.shape[1] : b.shape[0]);
    l.n = int(tb ? b.shape[0] : b.shape[1]);
    l.w.resize(std::size_t(l.k) * std::size_t(l.n));
    for (int i = 0; i < l.k; ++i) {
      for (int o = 0; o < l.n; ++o) {
        l.at(i, o) = alpha * double(tb ? b.f[std::size_t(o) * std::size_t(l.k) + std::size_t(i)]
                                       : b.f[std::size_t(i) * std::size_t(l.n) + std::size_t(o)]);
      }
    }
    l.bias.assign(std::size_t(l.n), 0.0);
    if (node.op == "Gemm" && node.inputs.size() > 2 && !node.inputs[2].empty()) {
      const Tensor& c = constant_input(g, node, 2);
      if (c.size() != l.n && c.size() != 1)
        fail(g, node, "has a C of " + to_string(c.shape) + " (one value an output here)");
      const double beta = node.get_float("beta", 1.0f);
      for (int o = 0; o < l.n; ++o)
        l.bias[std::size_t(o)] = beta * c.f[c.size() == 1 ? 0 : std::size_t(o)];
    }
    return l;
  }
  // Conv: W is M x C/group x kh x kw; the matrix K = C x kh x kw by M, block-diagonal by group.
  // ConvTranspose: W is C x M/group x kh x kw, the convolution it equals takes it flipped.
  const Tensor& w = constant_input(g, node, 1);
  const bool transposed = node.op == "ConvTranspose";
  const std::int64_t group = node.get_int("group", 1);
  const std::int64_t cin = g.shape(node.inputs[0])[1];
  const std::int64_t cout = transposed ? w.shape[1] * group : w.shape[0];
  const ops::Plane kernel = ops::plane_of(w.shape);  // a 1-D kernel is a row of height 1
  const std::int64_t kh = kernel.h, kw = kernel.w;
  const std::int64_t cpg = cin / group, opg = cout / group;
  l.k = int(cin * kh * kw);
  l.n = int(cout);
  l.w.assign(std::size_t(l.k) * std::size_t(l.n), 0.0);
  for (std::int64_t o = 0; o < cout; ++o) {
    const std::int64_t first = (o / opg) * cpg;
    for (std::int64_t c = 0; c < cpg; ++c) {
      for (std::int64_t y = 0; y < kh; ++y) {
        for (std::int64_t x = 0; x < kw; ++x) {
          l.at(int(((first + c) * kh + y) * kw + x), int(o)) =
              transposed ? w.f[std::size_t((((first + c) * opg + o % opg) * kh + kh - 1 - y) * kw +
                                           kw - 1 - x)]
                         : w.f[std::size_t(((o * cpg + c) * kh + y) * kw + x)];
        }
      }
    }
  }
  l.utilisation = 1.0 / double(group);
  l.bias.assign(std::size_t(l.n), 0.0);
  if (node.inputs.size() > 2 && !node.inputs[2].empty()) {
    const Tensor& b = constant_input(g, node, 2);
    for (int o = 0; o < l.n; ++o) l.bias[std::size_t(o)] = b.f[std::size_t(o)];
  }
  return l;
}

// The MVM rows of one example's layer input: a Gemm's or MatMul's rows as they are, a
// convolution's by im2col (one row a position; a padded place 0).
void rows_of(const Graph& g, const GraphNode& node, const QuantizedLayer& ql, const Tensor& x,
             std::int64_t qmin, std::int64_t qmax, IntMatrix& out, int first_row) {
  auto quant = [&](float v) { return quantized(v, ql.input_scale, qmin, qmax); };
  const int k = ql.weight.rows();
  if (!is_convolution(node)) {
    // Gemm's transA: the input is K x M, each column a row of the product.
    const bool ta = node.op == "Gemm" && node.get_int("transA", 0) != 0;
    const std::size_t m = std::size_t(ql.positions);
    for (int r = 0; r < ql.positions; ++r) {
      for (int c = 0; c < k; ++c) {
        out.at(first_row + r, c) =
            quant(x.f[ta ? std::size_t(c) * m + std::size_t(r)
                         : std::size_t(r) * std::size_t(k) + std::size_t(c)]);
      }
    }
    return;
  }
  const ops::Plane kernel = ops::plane_of(g.constant(node.inputs[1])->shape);
  const ops::OpCall call(node, {}, g.opset());
  const bool transposed = node.op == "ConvTranspose";
  const ops::Window win = transposed ? ops::transposed_window(call, x.shape, kernel.h, kernel.w)
                                     : ops::window(call, x.shape, kernel.h, kernel.w, false);
  const ops::Plane plane = ops::plane_of(x.shape);
  const std::int64_t h = plane.h, wd = plane.w;
  const std::int64_t cin = x.shape[1];
  // Where output (oy, ox)'s tap (ky, kx) reads: a convolution's strided window, a transposed
  // one's zero-inserted input (-1: a pad or an inserted zero, q = 0).
  const auto source_y = [&](std::int64_t oy, std::int64_t ky) {
    if (transposed) return ops::transposed_source(oy, ky, win.sh, win.dh, win.pt, h);
    const std::int64_t iy = oy * win.sh - win.pt + ky * win.dh;
    return iy < 0 || iy >= h ? -1 : iy;
  };
  const auto source_x = [&](std::int64_t ox, std::int64_t kx) {
    if (transposed) return ops::transposed_source(ox, kx, win.sw, win.dw, win.pl, wd);
    const std::int64_t ix = ox * win.sw - win.pl + kx * win.dw;
    return ix < 0 || ix >= wd ? -1 : ix;
  };
  for (std::int64_t oy = 0; oy < win.oh; ++oy) {
    for (std::int64_t ox = 0; ox < win.ow; ++ox) {
      const int row = first_row + int(oy * win.ow + ox);
      for (std::int64_t c = 0; c < cin; ++c) {
        for (std::int64_t ky = 0; ky < win.kh; ++ky) {
          for (std::int64_t kx = 0; kx < win.kw; ++kx) {
            const std::int64_t iy = source_y(oy, ky), ix = source_x(ox, kx);
            const int col = int((c * win.kh + ky) * win.kw + kx);
            out.at(row, col) =
                iy < 0 || ix < 0 ? 0 : quant(x.f[std::size_t((c * h + iy) * wd + ix)]);
          }
        }
      }
    }
  }
}

// One example's layer output from its rows of the accumulators.
Tensor output_of(const Graph& g, const GraphNode& node, const QuantizedLayer& ql,
                 const IntMatrix& acc, int first_row) {
  const Shape& shape = g.shape(node.outputs.at(0));
  const int n = ql.weight.cols();
  std::vector<float> y(std::size_t(element_count(shape)));
  for (int r = 0; r < ql.positions; ++r) {
    for (int o = 0; o < n; ++o) {
      const double v =
          double(acc.at(first_row + r, o)) * ql.input_scale * ql.weight_scale[std::size_t(o)] +
          ql.bias[std::size_t(o)];
      // A convolution's output is channel-major (N x C x H x W); a Gemm's row-major.
      const std::size_t at = is_convolution(node)
                                 ? std::size_t(o) * std::size_t(ql.positions) + std::size_t(r)
                                 : std::size_t(r) * std::size_t(n) + std::size_t(o);
      y[at] = float(v);
    }
  }
  return Tensor::floats(shape, std::move(y));
}

}  // namespace

bool is_macro_layer(const Graph& g, const GraphNode& n) {
  const ops::Operator* op = ops::find_operator(n.op);
  if (!op || op->placement != ops::Placement::kMacros) return false;
  if (n.op != "MatMul") return true;
  if (const Tensor* w = g.constant(n.inputs[1])) return w->rank() == 2;
  return g.shape(n.inputs[0]).size() >= 2 && g.shape(n.inputs[1]).size() >= 2;
}

namespace {

// A product of two activations (is_macro_layer): its right operand is no constant.
bool has_run_time_weights(const Graph& g, const GraphNode& n) {
  return n.op == "MatMul" && !g.constant(n.inputs[1]);
}

// The operand ranges a layer is calibrated on: its input, and a run-time weight operand.
struct Range {
  double lo = 0, hi = 0;
  void add(const Tensor& t) {
    for (float x : t.f) {
      lo = std::min(lo, double(x));
      hi = std::max(hi, double(x));
    }
  }
  double magnitude() const { return std::max(-lo, hi); }
};

// A product of two activations as a layer: K x N zeros (each written matrix's shape), a slice
// of the batch dimensions a matrix, its rows its positions, one weight scale for the tensor.
void shape_run_time_layer(const Graph& g, const GraphNode& node, double weight_range, int wbits,
                          QuantizedLayer& ql) {
  const Shape& a = g.shape(node.inputs[0]);
  const Shape& b = g.shape(node.inputs[1]);
  const Shape& y = g.shape(node.outputs[0]);
  const std::int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
  ql.run_time_weights = true;
  ql.slices = int(element_count(y) / (m * n));
  ql.positions = int(ql.slices * m);
  ql.weight = IntMatrix(int(k), int(n));
  ql.weight_scale.assign(std::size_t(n),
                         weight_range > 0 ? weight_range / double(max_signed(wbits)) : 1.0);
  ql.bias.assign(std::size_t(n), 0.0);
}

// One example's products of two activations: each slice's left rows streamed through its right
// matrix, written as the weights; the accumulators into `acc` from row `first_row`.
void run_time_products(const Graph& g, const GraphNode& node, const QuantizedLayer& ql, int layer,
                       int wbits, std::int64_t qmin, std::int64_t qmax,
                       const std::map<std::string, Tensor>& values, const LayerMvm& mvm,
                       IntMatrix& acc, int first_row) {
  const Tensor& a = values.at(node.inputs[0]);
  const Tensor& b = values.at(node.inputs[1]);
  const int k = ql.weight.rows(), n = ql.weight.cols(), m = ql.positions / ql.slices;
  const Shape& y = g.shape(node.outputs[0]);
  const Shape batch(y.begin(), y.end() - 2);
  const std::vector<std::int64_t> ia = ops::broadcast_index(
                                      Shape(a.shape.begin(), a.shape.end() - 2), batch),
                                  ib = ops::broadcast_index(
                                      Shape(b.shape.begin(), b.shape.end() - 2), batch);
  const std::int64_t wmax = max_signed(wbits);
  for (int p = 0; p < ql.slices; ++p) {
    IntMatrix x(m, k), w(k, n);
    const float* as = a.f.data() + ia[std::size_t(p)] * m * k;
    const float* bs = b.f.data() + ib[std::size_t(p)] * k * n;
    for (int r = 0; r < m; ++r) {
      for (int c = 0; c < k; ++c) x.at(r, c) = quantized(as[r * k + c], ql.input_scale, qmin, qmax);
    }
    for (int r = 0; r < k; ++r) {
      for (int c = 0; c < n; ++c)
        w.at(r, c) = quantized(bs[r * n + c], ql.weight_scale[0], -wmax, wmax);
    }
    const IntMatrix part = mvm(layer, x, w);
    for (int r = 0; r < m; ++r) {
      for (int c = 0; c < n; ++c) acc.at(first_row + p * m + r, c) = part.at(r, c);
    }
  }
}

}  // namespace

int macro_layers(const Graph& g) {
  return int(std::count_if(g.nodes().begin(), g.nodes().end(),
                           [&g](const GraphNode& n) { return is_macro_layer(g, n); }));
}

QuantizedNetwork quantize(const Graph& g, const RealMatrix& calibration, int abits, int wbits) {
  check_width(g, calibration, "calibration data");
  if (wbits < 2) throw std::invalid_argument("weights need at least 2 bits (signed)");
  // Each layer's input range over the calibration data, from the float reference.
  std::vector<const GraphNode*> nodes;
  for (const GraphNode& n : g.nodes()) {
    if (is_macro_layer(g, n)) nodes.push_back(&n);
  }
  std::vector<Range> input(nodes.size()), run_time_weight(nodes.size());
  for (int r = 0; r < calibration.rows(); ++r) {
    const std::map<std::string, Tensor> values = g.run_all(example_of(calibration, r));
    for (std::size_t l = 0; l < nodes.size(); ++l) {
      input[l].add(values.at(nodes[l]->inputs[0]));
      if (has_run_time_weights(g, *nodes[l]))
        run_time_weight[l].add(values.at(nodes[l]->inputs[1]));
    }
  }
  QuantizedNetwork q;
  q.graph = g;
  q.abits = abits;
  q.wbits = wbits;
  const double wmax = double(max_signed(wbits));
  for (std::size_t l = 0; l < nodes.size(); ++l) {
    const GraphNode& node = *nodes[l];
    QuantizedLayer ql;
    ql.name = node.name;
    ql.op = node.op;
    ql.input_signed = input[l].lo < 0;
    if (ql.input_signed && abits < 2) {
      throw std::invalid_argument("layer " + node.name +
                                  " has negative inputs: abits must be >= 2");
    }
    const double range = ql.input_signed ? input[l].magnitude() : input[l].hi;
    const double levels = double(ql.input_signed ? max_signed(abits) : max_unsigned(abits));
    ql.input_scale = range > 0 ? range / levels : 1.0;
    if (has_run_time_weights(g, node)) {
      shape_run_time_layer(g, node, run_time_weight[l].magnitude(), wbits, ql);
      q.layers.push_back(std::move(ql));
      continue;
    }
    FloatLayer f = float_layer(g, node);
    ql.bias = f.bias;
    ql.utilisation = f.utilisation;
    ql.positions = int(element_count(g.shape(node.inputs[0])) / f.k);
    if (is_convolution(node)) {  // its output positions: the product of its spatial axes
      const Shape& y = g.shape(node.outputs[0]);
      ql.positions = int(element_count(Shape(y.begin() + 2, y.end())));
    }
    ql.weight = IntMatrix(f.k, f.n);
    ql.weight_scale.assign(std::size_t(f.n), 1.0);
    for (int o = 0; o < f.n; ++o) {
      double m = 0;
      for (int i = 0; i < f.k; ++i) m = std::max(m, std::fabs(f.at(i, o)));
      const double s = m > 0 ? m / wmax : 1.0;
      ql.weight_scale[std::size_t(o)] = s;
      for (int i = 0; i < f.k; ++i) {
        ql.weight.at(i, o) = std::int64_t(std::clamp(std::nearbyint(f.at(i, o) / s), -wmax, wmax));
      }
    }
    q.layers.push_back(std::move(ql));
  }
  return q;
}

QuantizedNetwork quantize(const Network& net, const RealMatrix& calibration, int abits, int wbits) {
  return quantize(to_graph(net), calibration, abits, wbits);
}

Inference infer(const QuantizedNetwork& q, const RealMatrix& inputs, const LayerMvm& mvm) {
  const Graph& g = q.graph;
  check_width(g, inputs, "the data");
  const int m = inputs.rows();
  std::vector<std::map<std::string, Tensor>> values(static_cast<std::size_t>(m));
  for (int r = 0; r < m; ++r)
    values[std::size_t(r)][g.input()] = Tensor::floats(g.input_shape(), example_of(inputs, r));
  Inference out;
  int l = 0;
  for (const GraphNode& n : g.nodes()) {
    if (!is_macro_layer(g, n)) {
      for (auto& v : values) g.run_node(n, v);
      continue;
    }
    const QuantizedLayer& ql = q.layers[std::size_t(l)];
    const std::int64_t qmax = ql.input_signed ? max_signed(q.abits) : max_unsigned(q.abits);
    const std::int64_t qmin = ql.input_signed ? -qmax : 0;
    IntMatrix acc(m * ql.positions, ql.weight.cols());
    if (ql.run_time_weights) {
      for (int r = 0; r < m; ++r) {
        run_time_products(g, n, ql, l, q.wbits, qmin, qmax, values[std::size_t(r)], mvm, acc,
                          r * ql.positions);
      }
    } else {
      IntMatrix xq(m * ql.positions, ql.weight.rows());
      for (int r = 0; r < m; ++r) {
        rows_of(g, n, ql, values[std::size_t(r)].at(n.inputs[0]), qmin, qmax, xq, r * ql.positions);
      }
      acc = mvm(l, xq, ql.weight);
    }
    for (int r = 0; r < m; ++r)
      values[std::size_t(r)][n.outputs[0]] = output_of(g, n, ql, acc, r * ql.positions);
    out.accumulators.push_back(std::move(acc));
    ++l;
  }
  for (const auto& v : values) {
    const Tensor& y = v.at(g.output());
    out.logits.emplace_back(y.f.begin(), y.f.end());
    out.predictions.push_back(argmax(out.logits.back()));
  }
  return out;
}

std::vector<int> float_predictions(const Graph& g, const RealMatrix& inputs) {
  check_width(g, inputs, "the data");
  std::vector<int> p;
  for (int r = 0; r < inputs.rows(); ++r) {
    const Tensor y = g.run(example_of(inputs, r));
    p.push_back(int(std::max_element(y.f.begin(), y.f.end()) - y.f.begin()));
  }
  return p;
}

std::vector<int> float_predictions(const Network& net, const RealMatrix& inputs) {
  return float_predictions(to_graph(net), inputs);
}

}  // namespace cim
