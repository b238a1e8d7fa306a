// SPDX-License-Identifier: Apache-2.0
// The dense-chain importer the tests keep (tb/onnx_chain.h): a perceptron's graph lowered back to
// a Network, so a written network can be compared layer by layer with the one read back.
#include "onnx_chain.h"

#include <cstring>
#include <map>
#include <sstream>

#include "cim/array_file.h"
#include "cim/graph.h"

namespace cim {
namespace {

// A dense chain read off a graph's nodes (cim/graph.h): Gemm or MatMul (+ Add of a constant bias)
// layers, each optionally followed by Relu; reshapes that keep the values in order (Flatten,
// Reshape, Identity, Dropout); a constant scale of the input (Mul or Div by a scalar, as
// exporters write `x / 16`) folded into the first layer's weights; a Softmax or LogSoftmax last,
// which the network's logits leave out (the prediction, their argmax, is the same).
class ChainLowering {
 public:
  explicit ChainLowering(const Graph& g) : g_(g) {}

  Network run() {
    Network net;
    std::string current = g_.input();
    const std::vector<GraphNode>& nodes = g_.nodes();
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const GraphNode& n = nodes[k];
      const int at = data_input(n, current);
      const std::string& op = n.op;
      if (op == "Gemm") {
        net.layers.push_back(gemm(n));
      } else if (op == "MatMul") {
        net.layers.push_back(layer(n, weight(n, 1), false, 1.0f));
      } else if (op == "Add" && !net.layers.empty() && last_op_ == "MatMul") {
        set_bias(n, net.layers.back(), constant(n, 1 - at), 1.0f);
      } else if (op == "Relu") {
        if (net.layers.empty() || net.layers.back().relu ||
            (last_op_ != "Gemm" && last_op_ != "MatMul" && last_op_ != "Add")) {
          fail(n, "is not directly after a Gemm or MatMul layer");
        }
        net.layers.back().relu = true;
      } else if (op == "Mul" || op == "Div") {
        if (!net.layers.empty()) fail(n, "scales a layer's output (only the input may be scaled)");
        const Tensor& s = constant(n, 1 - at);
        if (s.size() != 1 || !s.is_float() || (op == "Div" && at != 0))
          fail(n, "is not a scale of the input by a constant");
        input_scale_ *= op == "Mul" ? s.f[0] : 1.0f / s.f[0];
      } else if (op == "Flatten" || op == "Reshape" || op == "Identity" || op == "Dropout") {
        // the values stay in order; only the shape changes
      } else if ((op == "Softmax" || op == "LogSoftmax") && k + 1 == nodes.size()) {
        // the logits are what comes before it
      } else {
        fail(n,
             "is not part of a dense chain (Gemm or MatMul with Add and Relu): cimsim net maps "
             "perceptrons onto the macros (the graph reader takes " +
                 std::to_string(supported_operators().size()) + " operators; see docs/cimsim.md)");
      }
      if (op != "Softmax" && op != "LogSoftmax") current = n.outputs.at(0);
      last_op_ = op;
    }
    if (net.layers.empty()) throw InputError(g_.path() + ": the graph has no Gemm or MatMul layer");
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
      if (net.layers[l].inputs != net.layers[l - 1].outputs) {  // the graph reader sees this first
        throw InputError(g_.path() + ": node '" + net.layers[l].name + "' takes " +
                         std::to_string(net.layers[l].inputs) + " inputs, but node '" +
                         net.layers[l - 1].name + "' gives " +
                         std::to_string(net.layers[l - 1].outputs));
      }
    }
    return net;
  }

 private:
  [[noreturn]] void fail(const GraphNode& n, const std::string& what) const {
    throw InputError(g_.path() + ": node '" + n.name + "' (" + n.op + ") " + what);
  }

  // Which input carries the chain's value (the other is a constant).
  int data_input(const GraphNode& n, const std::string& current) const {
    for (std::size_t k = 0; k < n.inputs.size(); ++k) {
      if (n.inputs[k] == current) return int(k);
    }
    fail(n, "does not take the previous node's output '" + current + "'");
  }

  const Tensor& constant(const GraphNode& n, int k) const {
    const Tensor* t =
        k >= 0 && k < int(n.inputs.size()) ? g_.constant(n.inputs[std::size_t(k)]) : nullptr;
    if (!t) fail(n, "input " + std::to_string(k) + " is not a constant");
    return *t;
  }

  const Tensor& weight(const GraphNode& n, int k) const {
    const Tensor& w = constant(n, k);
    if (!w.is_float() || w.rank() != 2) fail(n, "weight is not a 2-D float tensor");
    return w;
  }

  // A weight [K, N] (or [N, K] when transposed) as a layer, times `scale` (Gemm's alpha) and the
  // input's scale when it is the first.
  DenseLayer layer(const GraphNode& n, const Tensor& w, bool transposed, float scale) {
    DenseLayer l;
    l.name = n.name;
    l.outputs = int(transposed ? w.shape[0] : w.shape[1]);
    l.inputs = int(transposed ? w.shape[1] : w.shape[0]);
    const float s = scale * input_scale_;
    input_scale_ = 1.0f;
    l.weight.resize(std::size_t(l.outputs) * std::size_t(l.inputs));
    for (int o = 0; o < l.outputs; ++o) {
      for (int i = 0; i < l.inputs; ++i) {
        const float v = transposed ? w.f[std::size_t(o) * std::size_t(l.inputs) + std::size_t(i)]
                                   : w.f[std::size_t(i) * std::size_t(l.outputs) + std::size_t(o)];
        l.weight[std::size_t(o) * std::size_t(l.inputs) + std::size_t(i)] = s == 1.0f ? v : v * s;
      }
    }
    l.bias.assign(std::size_t(l.outputs), 0.0f);
    return l;
  }

  void set_bias(const GraphNode& n, DenseLayer& l, const Tensor& b, float beta) const {
    if (!b.is_float() || (b.size() != l.outputs && b.size() != 1)) {
      fail(n, "bias has " + std::to_string(b.size()) + " values for " + std::to_string(l.outputs) +
                  " outputs");
    }
    for (int o = 0; o < l.outputs; ++o)
      l.bias[std::size_t(o)] = beta * b.f[b.size() == 1 ? 0 : std::size_t(o)];
  }

  DenseLayer gemm(const GraphNode& n) {
    if (n.get_int("transA", 0) != 0) fail(n, "has transA = 1 (its input transposed)");
    DenseLayer l = layer(n, weight(n, 1), n.get_int("transB", 0) != 0, n.get_float("alpha", 1.0f));
    if (n.inputs.size() > 2 && !n.inputs[2].empty())
      set_bias(n, l, constant(n, 2), n.get_float("beta", 1.0f));
    return l;
  }

  const Graph& g_;
  std::string last_op_;
  float input_scale_ = 1.0f;
};

}  // namespace

Network read_onnx(const std::string& path) { return ChainLowering(read_onnx_graph(path)).run(); }

}  // namespace cim
