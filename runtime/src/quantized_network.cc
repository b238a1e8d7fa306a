// SPDX-License-Identifier: Apache-2.0
#include "cim/quantized_network.h"

#include "cim/bit_flips.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cim {

namespace {

std::int64_t max_unsigned(int bits) { return (std::int64_t(1) << bits) - 1; }
std::int64_t max_signed(int bits) { return (std::int64_t(1) << (bits - 1)) - 1; }

std::vector<float> row_of(const IntMatrix& m, int r) {
  std::vector<float> v(std::size_t(m.cols()));
  for (int c = 0; c < m.cols(); ++c) v[std::size_t(c)] = float(m.at(r, c));
  return v;
}

int argmax(const std::vector<double>& v) {
  return int(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

Precision QuantizedNetwork::precision(int layer) const {
  return Precision{abits, wbits, layers[std::size_t(layer)].input_signed, true};
}

QuantizedNetwork with_weight_bit_flips(const QuantizedNetwork& q, double ber, std::uint64_t seed) {
  QuantizedNetwork out = q;
  const std::uint32_t mask = q.wbits >= 32 ? ~0u : (1u << q.wbits) - 1;
  for (std::size_t l = 0; l < out.layers.size(); ++l) {
    IntMatrix& w = out.layers[l].weight;
    WeightMatrix raw(w.rows(), w.cols());
    for (int r = 0; r < w.rows(); ++r) {
      for (int c = 0; c < w.cols(); ++c) raw.at(r, c) = std::uint32_t(w.at(r, c)) & mask;
    }
    // A layer's own stream of draws: seed and layer mixed (splitmix64's constant).
    apply_bit_flips(draw_bit_flips(w.rows(), w.cols(), q.wbits, ber,
                                   seed * 0x9e3779b97f4a7c15ull + l),
                    raw);
    for (int r = 0; r < w.rows(); ++r) {
      for (int c = 0; c < w.cols(); ++c) w.at(r, c) = decode(raw.at(r, c), q.wbits, true);
    }
  }
  return out;
}

QuantizedNetwork quantize(const Network& net, const IntMatrix& calibration, int abits, int wbits) {
  if (calibration.cols() != net.inputs()) {
    throw std::invalid_argument("calibration data has " + std::to_string(calibration.cols()) +
                                " inputs, the network " + std::to_string(net.inputs()));
  }
  if (wbits < 2) throw std::invalid_argument("weights need at least 2 bits (signed)");
  // Each layer's input range over the calibration data, from the float forward pass.
  std::vector<double> lo(net.layers.size(), 0.0), hi(net.layers.size(), 0.0);
  for (int r = 0; r < calibration.rows(); ++r) {
    std::vector<float> a = row_of(calibration, r);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      for (float x : a) {
        lo[l] = std::min(lo[l], double(x));
        hi[l] = std::max(hi[l], double(x));
      }
      a = Network{{net.layers[l]}}.forward(a);
    }
  }
  QuantizedNetwork q;
  q.abits = abits;
  q.wbits = wbits;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const DenseLayer& d = net.layers[l];
    QuantizedLayer ql;
    ql.name = d.name;
    ql.relu = d.relu;
    ql.bias.assign(d.bias.begin(), d.bias.end());
    ql.input_signed = lo[l] < 0;
    const double range = ql.input_signed ? std::max(-lo[l], hi[l]) : hi[l];
    const double levels = double(ql.input_signed ? max_signed(abits) : max_unsigned(abits));
    if (ql.input_signed && abits < 2) {
      throw std::invalid_argument("layer " + d.name + " has negative inputs: abits must be >= 2");
    }
    ql.input_scale = range > 0 ? range / levels : 1.0;
    ql.weight = IntMatrix(d.inputs, d.outputs);
    ql.weight_scale.assign(std::size_t(d.outputs), 1.0);
    const double wmax = double(max_signed(wbits));
    for (int o = 0; o < d.outputs; ++o) {
      double m = 0;
      for (int i = 0; i < d.inputs; ++i) m = std::max(m, double(std::fabs(d.w(o, i))));
      const double s = m > 0 ? m / wmax : 1.0;
      ql.weight_scale[std::size_t(o)] = s;
      for (int i = 0; i < d.inputs; ++i) {
        ql.weight.at(i, o) = std::int64_t(std::clamp(std::nearbyint(double(d.w(o, i)) / s), -wmax, wmax));
      }
    }
    q.layers.push_back(std::move(ql));
  }
  return q;
}

Inference infer(const QuantizedNetwork& q, const IntMatrix& inputs, const LayerMvm& mvm) {
  if (q.layers.empty() || inputs.cols() != q.layers.front().weight.rows()) {
    throw std::invalid_argument("data has " + std::to_string(inputs.cols()) +
                                " inputs, the network " +
                                std::to_string(q.layers.empty() ? 0 : q.layers.front().weight.rows()));
  }
  Inference out;
  // Layer inputs as real values; quantized at each layer's entry.
  std::vector<std::vector<double>> x(std::size_t(inputs.rows()));
  for (int r = 0; r < inputs.rows(); ++r) {
    for (int c = 0; c < inputs.cols(); ++c) x[std::size_t(r)].push_back(double(inputs.at(r, c)));
  }
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const QuantizedLayer& ql = q.layers[l];
    const std::int64_t qmax = ql.input_signed ? max_signed(q.abits) : max_unsigned(q.abits);
    const std::int64_t qmin = ql.input_signed ? -qmax : 0;
    IntMatrix xq(inputs.rows(), ql.weight.rows());
    for (int r = 0; r < xq.rows(); ++r) {
      for (int c = 0; c < xq.cols(); ++c) {
        const double v = std::nearbyint(x[std::size_t(r)][std::size_t(c)] / ql.input_scale);
        xq.at(r, c) = std::clamp(std::int64_t(std::clamp(v, -1e18, 1e18)), qmin, qmax);
      }
    }
    IntMatrix acc = mvm(int(l), xq, ql.weight);
    for (int r = 0; r < acc.rows(); ++r) {
      std::vector<double>& y = x[std::size_t(r)];
      y.assign(std::size_t(acc.cols()), 0.0);
      for (int n = 0; n < acc.cols(); ++n) {
        double v = double(acc.at(r, n)) * ql.input_scale * ql.weight_scale[std::size_t(n)] +
                   ql.bias[std::size_t(n)];
        if (ql.relu && v < 0) v = 0;
        y[std::size_t(n)] = v;
      }
    }
    out.accumulators.push_back(std::move(acc));
  }
  out.logits = std::move(x);
  for (const std::vector<double>& l : out.logits) out.predictions.push_back(argmax(l));
  return out;
}

std::vector<int> float_predictions(const Network& net, const IntMatrix& inputs) {
  std::vector<int> p;
  for (int r = 0; r < inputs.rows(); ++r) {
    const std::vector<float> y = net.forward(row_of(inputs, r));
    p.push_back(int(std::max_element(y.begin(), y.end()) - y.begin()));
  }
  return p;
}

}  // namespace cim
