// SPDX-License-Identifier: Apache-2.0
// ONNX in and out for Network: read through the graph reader (cim/graph.h) and lowered to a dense
// chain; written with Debian's libonnx (its protobuf classes and, for what it writes, its checker).
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "cim/network.h"
#include "graph_reader.h"

namespace cim {

std::vector<float> Network::forward(const std::vector<float>& x) const { return to_graph(*this).run(x).f; }

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
        if (net.layers.empty() || net.layers.back().relu || (last_op_ != "Gemm" && last_op_ != "MatMul" && last_op_ != "Add")) {
          fail(n, "is not directly after a Gemm or MatMul layer");
        }
        net.layers.back().relu = true;
      } else if (op == "Mul" || op == "Div") {
        if (!net.layers.empty()) fail(n, "scales a layer's output (only the input may be scaled)");
        const Tensor& s = constant(n, 1 - at);
        if (s.size() != 1 || !s.is_float() || (op == "Div" && at != 0)) fail(n, "is not a scale of the input by a constant");
        input_scale_ *= op == "Mul" ? s.f[0] : 1.0f / s.f[0];
      } else if (op == "Flatten" || op == "Reshape" || op == "Identity" || op == "Dropout") {
        // the values stay in order; only the shape changes
      } else if ((op == "Softmax" || op == "LogSoftmax") && k + 1 == nodes.size()) {
        // the logits are what comes before it
      } else {
        fail(n, "is not part of a dense chain (Gemm or MatMul with Add and Relu): cimsim net maps "
                "perceptrons onto the macros (the graph reader takes " + std::to_string(supported_operators().size()) +
                " operators; see docs/cimsim.md)");
      }
      if (op != "Softmax" && op != "LogSoftmax") current = n.outputs.at(0);
      last_op_ = op;
    }
    if (net.layers.empty()) throw InputError(g_.path() + ": the graph has no Gemm or MatMul layer");
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
      if (net.layers[l].inputs != net.layers[l - 1].outputs) {  // the graph reader sees this first
        throw InputError(g_.path() + ": node '" + net.layers[l].name + "' takes " + std::to_string(net.layers[l].inputs) +
                         " inputs, but node '" + net.layers[l - 1].name + "' gives " + std::to_string(net.layers[l - 1].outputs));
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
    const Tensor* t = k >= 0 && k < int(n.inputs.size()) ? g_.constant(n.inputs[std::size_t(k)]) : nullptr;
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
      fail(n, "bias has " + std::to_string(b.size()) + " values for " + std::to_string(l.outputs) + " outputs");
    }
    for (int o = 0; o < l.outputs; ++o) l.bias[std::size_t(o)] = beta * b.f[b.size() == 1 ? 0 : std::size_t(o)];
  }

  DenseLayer gemm(const GraphNode& n) {
    if (n.get_int("transA", 0) != 0) fail(n, "has transA = 1 (its input transposed)");
    DenseLayer l = layer(n, weight(n, 1), n.get_int("transB", 0) != 0, n.get_float("alpha", 1.0f));
    if (n.inputs.size() > 2 && !n.inputs[2].empty()) set_bias(n, l, constant(n, 2), n.get_float("beta", 1.0f));
    return l;
  }

  const Graph& g_;
  std::string last_op_;
  float input_scale_ = 1.0f;
};

void add_dims(onnx::ValueInfoProto* v, int features) {
  v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto* shape = v->mutable_type()->mutable_tensor_type()->mutable_shape();
  shape->add_dim()->set_dim_param("batch");
  shape->add_dim()->set_dim_value(features);
}

void add_initializer(onnx::GraphProto* g, const std::string& name, std::vector<std::int64_t> dims,
                     const std::vector<float>& values) {
  onnx::TensorProto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) t->add_dims(d);
  t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

// A node on the chain: it takes `current` (and `extra`), and its output becomes `current`.
onnx::NodeProto* chain(onnx::GraphProto* g, std::string& current, const std::string& op, const std::string& name,
                       const std::vector<std::string>& extra = {}) {
  onnx::NodeProto* n = g->add_node();
  n->set_name(name);
  n->set_op_type(op);
  n->add_input(current);
  for (const std::string& e : extra) n->add_input(e);
  current = name + "_out";
  n->add_output(current);
  return n;
}

void add_ints(onnx::NodeProto* n, const std::string& name, const std::vector<std::int64_t>& v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  if (v.size() == 1 && name != "kernel_shape" && name != "pads" && name != "strides") {
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v[0]);
    return;
  }
  a->set_type(onnx::AttributeProto::INTS);
  for (std::int64_t x : v) a->add_ints(x);
}

// The network as an ONNX model (IR 8, opset 13): for a CNN a Reshape of the input to its image,
// each convolution a Conv (its BatchNorm folded), a residual Add, Relu and MaxPool, then
// GlobalAveragePool or not, and Flatten; each dense layer a Gemm with transB = 1, and Relu.
onnx::ModelProto model_of(const Network& net) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("opencim");
  model.add_opset_import()->set_version(13);
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name(net.convs.empty() ? "perceptron" : "cnn");
  std::string current = "input";
  add_dims(g->add_input(), net.inputs());
  g->mutable_input(0)->set_name(current);
  if (!net.convs.empty()) {
    onnx::TensorProto* shape = g->add_initializer();
    shape->set_name("image_shape");
    shape->set_data_type(onnx::TensorProto::INT64);
    shape->add_dims(4);
    for (std::int64_t d : {std::int64_t(-1), std::int64_t(net.channels), std::int64_t(net.image), std::int64_t(net.image)}) {
      shape->add_int64_data(d);
    }
    chain(g, current, "Reshape", "/image/Reshape", {"image_shape"});
  }
  std::vector<std::string> conv_out;  // each convolution's output, for a residual Add
  for (std::size_t i = 0; i < net.convs.size(); ++i) {
    const ConvLayer& c = net.convs[i];
    const std::string conv = "conv" + std::to_string(i + 1);
    add_initializer(g, conv + ".weight", {c.out_channels, c.in_channels, c.kernel, c.kernel}, c.weight);
    add_initializer(g, conv + ".bias", {c.out_channels}, c.bias);
    onnx::NodeProto* n = chain(g, current, "Conv", "/" + conv + "/Conv", {conv + ".weight", conv + ".bias"});
    add_ints(n, "kernel_shape", {c.kernel, c.kernel});
    add_ints(n, "pads", {c.kernel / 2, c.kernel / 2, c.kernel / 2, c.kernel / 2});
    if (c.add_from >= 0) chain(g, current, "Add", "/" + conv + "/Add", {conv_out.at(std::size_t(c.add_from))});
    if (c.relu) chain(g, current, "Relu", "/" + conv + "/Relu");
    if (c.pool) {
      onnx::NodeProto* p = chain(g, current, "MaxPool", "/" + conv + "/MaxPool");
      add_ints(p, "kernel_shape", {2, 2});
      add_ints(p, "strides", {2, 2});
    }
    conv_out.push_back(current);
  }
  if (net.global_pool) chain(g, current, "GlobalAveragePool", "/pool/GlobalAveragePool");
  if (!net.convs.empty()) add_ints(chain(g, current, "Flatten", "/flatten/Flatten"), "axis", {1});
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const DenseLayer& l = net.layers[i];
    const std::string fc = "fc" + std::to_string(i + 1);
    add_initializer(g, fc + ".weight", {l.outputs, l.inputs}, l.weight);
    add_initializer(g, fc + ".bias", {l.outputs}, l.bias);
    add_ints(chain(g, current, "Gemm", "/" + fc + "/Gemm", {fc + ".weight", fc + ".bias"}), "transB", {1});
    if (l.relu) chain(g, current, "Relu", "/relu" + std::to_string(i + 1) + "/Relu");
  }
  g->mutable_node(g->node_size() - 1)->set_output(0, "logits");
  add_dims(g->add_output(), net.outputs());
  g->mutable_output(0)->set_name("logits");
  onnx::checker::check_model(model);
  return model;
}

}  // namespace

Network read_onnx(const std::string& path) { return ChainLowering(read_onnx_graph(path)).run(); }

Graph to_graph(const Network& net) { return graph_of_model(model_of(net), "(a network in memory)"); }

void write_onnx(const Network& net, const std::string& path) {
  write_file_atomically(path, model_of(net).SerializeAsString());
}

}  // namespace cim
