// SPDX-License-Identifier: Apache-2.0
// Recurrent layers: LSTM, GRU and RNN as ONNX defines them (nn.LSTM, nn.GRU, nn.RNN export to
// them), forward, reverse or bidirectional, either layout, with their default activations. Their
// float references; they run in the periphery in float32 (on the macros: not yet).
#include <cmath>
#include <functional>

#include "kernels.h"

namespace cim::ops {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// What the three operators share: their inputs' shapes, one direction's weights, the step loop.
class Recurrence {
 public:
  // `gates`: 4 (LSTM: i, o, f, c), 3 (GRU: z, r, h), 1 (RNN).
  Recurrence(const OpCall& c, int gates) : c_(c), gates_(gates) {
    const GraphNode& n = c.node();
    if (n.has("activations") || n.has("activation_alpha") || n.has("activation_beta"))
      c.fail("sets its activations (only the defaults are taken here)");
    if (n.has("clip")) c.fail("clips its cell (not taken here)");
    if (n.get_int("input_forget", 0) != 0) c.fail("couples its input and forget gates");
    const std::string dir = n.get_string("direction", "forward");
    if (dir != "forward" && dir != "reverse" && dir != "bidirectional")
      c.fail("has direction '" + dir + "' (forward, reverse or bidirectional)");
    directions_ = dir == "bidirectional" ? 2 : 1;
    reverse_only_ = dir == "reverse";
    layout_ = int(n.get_int("layout", 0));
    if (layout_ != 0 && layout_ != 1) c.fail("has layout " + std::to_string(layout_));
    const Tensor& x = float_input(c, 0);
    if (x.rank() != 3) c.fail("takes a 3-D sequence, not " + to_string(x.shape));
    steps_ = layout_ ? x.shape[1] : x.shape[0];
    batch_ = layout_ ? x.shape[0] : x.shape[1];
    inputs_ = x.shape[2];
    hidden_ = n.get_int("hidden_size", 0);
    const Tensor& w = float_input(c, 1);
    const Tensor& r = float_input(c, 2);
    if (hidden_ < 1) hidden_ = w.rank() == 3 ? w.shape[1] / gates_ : 0;
    expect(w, {directions_, gates_ * hidden_, inputs_}, "W");
    expect(r, {directions_, gates_ * hidden_, hidden_}, "R");
    if (const Tensor* b = c.optional(3); b && b->size())
      expect(*b, {directions_, 2 * gates_ * hidden_}, "B");
    if (const Tensor* lens = c.optional(4); lens && lens->size()) {
      for (std::int64_t k = 0; k < lens->size(); ++k) {
        if (lens->at(k) != double(steps_)) c.fail("has sequence_lens shorter than its sequence");
      }
    }
    for (int k : {5, 6}) {  // initial_h, initial_c
      if (const Tensor* t = c.optional(k); t && t->size()) {
        expect(*t,
               layout_ ? Shape{batch_, directions_, hidden_} : Shape{directions_, batch_, hidden_},
               k == 5 ? "initial_h" : "initial_c");
      }
    }
    if (const Tensor* p = c.optional(7); p && p->size()) c.fail("has peepholes (not taken here)");
    bounded(c, {steps_, directions_, batch_, hidden_});
  }

  std::int64_t hidden() const { return hidden_; }

  // Runs every direction: cell(d, from_x, from_h, h, c) turns direction d's step's gate
  // pre-activations (the input's and the recurrent's apart, each with its bias) into the new
  // state h (and c, for LSTM). Returns Y, Y_h and, with has_c, Y_c.
  using Cell = std::function<void(std::int64_t d, const std::vector<double>& from_x,
                                  const std::vector<double>& from_h, std::vector<double>& h,
                                  std::vector<double>& c)>;
  std::vector<Tensor> run(const Cell& cell, bool has_c) const {
    const Tensor& x = c_.in(0);
    const std::int64_t gh = gates_ * hidden_;
    const Shape y_shape = layout_ ? Shape{batch_, steps_, directions_, hidden_}
                                  : Shape{steps_, directions_, batch_, hidden_};
    const Shape h_shape =
        layout_ ? Shape{batch_, directions_, hidden_} : Shape{directions_, batch_, hidden_};
    Tensor y = Tensor::zeros(y_shape), yh = Tensor::zeros(h_shape), yc = Tensor::zeros(h_shape);
    const auto state_at = [&](std::int64_t d, std::int64_t b) {
      return std::size_t((layout_ ? b * directions_ + d : d * batch_ + b) * hidden_);
    };
    for (std::int64_t d = 0; d < directions_; ++d) {
      const bool backward = reverse_only_ || d == 1;
      for (std::int64_t b = 0; b < batch_; ++b) {
        std::vector<double> h(std::size_t(hidden_), 0.0), cs(std::size_t(hidden_), 0.0);
        for (int k : {5, 6}) {
          const Tensor* t = c_.optional(k);
          if (!t || !t->size() || (k == 6 && !has_c)) continue;
          std::vector<double>& s = k == 5 ? h : cs;
          for (std::int64_t j = 0; j < hidden_; ++j)
            s[std::size_t(j)] = t->f[state_at(d, b) + std::size_t(j)];
        }
        for (std::int64_t step = 0; step < steps_; ++step) {
          const std::int64_t t = backward ? steps_ - 1 - step : step;
          const float* xt = x.f.data() + (layout_ ? (b * steps_ + t) : (t * batch_ + b)) * inputs_;
          std::vector<double> from_x(static_cast<std::size_t>(gh)),
              from_h(static_cast<std::size_t>(gh));
          for (std::int64_t g = 0; g < gh; ++g) {
            from_x[std::size_t(g)] = dot(1, d, g, xt, inputs_) + bias(d, g);
            from_h[std::size_t(g)] = dot(2, d, g, h, hidden_) + bias(d, gh + g);
          }
          cell(d, from_x, from_h, h, cs);
          for (std::int64_t j = 0; j < hidden_; ++j) {
            const std::int64_t at = layout_ ? ((b * steps_ + t) * directions_ + d) * hidden_ + j
                                            : ((t * directions_ + d) * batch_ + b) * hidden_ + j;
            y.f[std::size_t(at)] = float(h[std::size_t(j)]);
          }
        }
        for (std::int64_t j = 0; j < hidden_; ++j) {
          yh.f[state_at(d, b) + std::size_t(j)] = float(h[std::size_t(j)]);
          yc.f[state_at(d, b) + std::size_t(j)] = float(cs[std::size_t(j)]);
        }
      }
    }
    if (has_c) return {std::move(y), std::move(yh), std::move(yc)};
    return {std::move(y), std::move(yh)};
  }

 private:
  void expect(const Tensor& t, const Shape& want, const std::string& what) const {
    if (t.shape != want) {
      c_.fail("has " + what + " of shape " + to_string(t.shape) + ", not " + to_string(want));
    }
  }
  // Row g of input k's (W or R) matrix of direction d, times v.
  template <typename V>
  double dot(int k, std::int64_t d, std::int64_t g, const V& v, std::int64_t n) const {
    const float* row = c_.in(k).f.data() + (d * gates_ * hidden_ + g) * n;
    double s = 0;
    for (std::int64_t j = 0; j < n; ++j) s += double(row[j]) * double(v[std::size_t(j)]);
    return s;
  }
  double bias(std::int64_t d, std::int64_t k) const {
    const Tensor* b = c_.optional(3);
    return b && b->size() ? double(b->f[std::size_t(d * 2 * gates_ * hidden_ + k)]) : 0.0;
  }

  const OpCall& c_;
  std::int64_t gates_, directions_ = 1, steps_ = 0, batch_ = 0, inputs_ = 0, hidden_ = 0;
  bool reverse_only_ = false;
  int layout_ = 0;
};

std::vector<Tensor> lstm(const OpCall& c) {
  const Recurrence r(c, 4);
  const std::size_t n = std::size_t(r.hidden());
  return r.run(
      [n](std::int64_t, const std::vector<double>& x, const std::vector<double>& h_in,
          std::vector<double>& h, std::vector<double>& cs) {
        for (std::size_t j = 0; j < n; ++j) {  // gates i, o, f, c
          const double i = sigmoid(x[j] + h_in[j]), o = sigmoid(x[n + j] + h_in[n + j]),
                       f = sigmoid(x[2 * n + j] + h_in[2 * n + j]),
                       g = std::tanh(x[3 * n + j] + h_in[3 * n + j]);
          cs[j] = f * cs[j] + i * g;
          h[j] = o * std::tanh(cs[j]);
        }
      },
      true);
}

std::vector<Tensor> gru(const OpCall& c) {
  const Recurrence r(c, 3);
  const std::size_t n = std::size_t(r.hidden());
  const bool before_reset = c.node().get_int("linear_before_reset", 0) != 0;
  // Without linear_before_reset the candidate multiplies r (.) H by R_h: from_h's third block
  // is then recomputed here from the reset state.
  const Tensor& rw = c.in(2);
  const Tensor* b = c.optional(3);
  return r.run(
      [&, n](std::int64_t d, const std::vector<double>& x, const std::vector<double>& h_in,
             std::vector<double>& h, std::vector<double>&) {
        std::vector<double> z(n), reset(n), cand(n);
        for (std::size_t j = 0; j < n; ++j) {
          z[j] = sigmoid(x[j] + h_in[j]);
          reset[j] = sigmoid(x[n + j] + h_in[n + j]);
        }
        for (std::size_t j = 0; j < n; ++j) {
          double from_h = h_in[2 * n + j];
          if (!before_reset) {  // (r (.) H) R_h^T + Rb_h, direction d's
            const std::size_t dir = std::size_t(d);
            from_h = b && b->size() ? double(b->f[dir * 6 * n + 5 * n + j]) : 0.0;
            for (std::size_t k = 0; k < n; ++k)
              from_h += double(rw.f[(dir * 3 * n + 2 * n + j) * n + k]) * reset[k] * h[k];
            cand[j] = std::tanh(x[2 * n + j] + from_h);
          } else {
            cand[j] = std::tanh(x[2 * n + j] + reset[j] * from_h);
          }
        }
        for (std::size_t j = 0; j < n; ++j) h[j] = (1 - z[j]) * cand[j] + z[j] * h[j];
      },
      false);
}

std::vector<Tensor> rnn(const OpCall& c) {
  const Recurrence r(c, 1);
  const std::size_t n = std::size_t(r.hidden());
  return r.run(
      [n](std::int64_t, const std::vector<double>& x, const std::vector<double>& h_in,
          std::vector<double>& h, std::vector<double>&) {
        for (std::size_t j = 0; j < n; ++j) h[j] = std::tanh(x[j] + h_in[j]);
      },
      false);
}

}  // namespace

std::vector<Operator> recurrent_operators() {
  return {
      {"GRU", gru, {1, 2, 3, 4}, Placement::kPeriphery},
      {"LSTM", lstm, {1, 2, 3, 4, 7}, Placement::kPeriphery},
      {"RNN", rnn, {1, 2, 3, 4}, Placement::kPeriphery},
  };
}

}  // namespace cim::ops
