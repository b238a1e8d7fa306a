// SPDX-License-Identifier: Apache-2.0
// ONNX out for Network: written with Debian's libonnx (its protobuf classes and, for what it
// writes, its checker), and read back as a graph (cim/graph.h) for its float reference.
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "cim/network.h"
#include "graph_reader.h"

namespace cim {

std::vector<float> Network::forward(const std::vector<float>& x) const {
  return to_graph(*this).run(x).f;
}

namespace {

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
  t->set_raw_data(
      std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

// A node on the chain: it takes `current` (and `extra`), and its output becomes `current`.
onnx::NodeProto* chain(onnx::GraphProto* g, std::string& current, const std::string& op,
                       const std::string& name, const std::vector<std::string>& extra = {}) {
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
    for (std::int64_t d : {std::int64_t(-1), std::int64_t(net.channels), std::int64_t(net.image),
                           std::int64_t(net.image)}) {
      shape->add_int64_data(d);
    }
    chain(g, current, "Reshape", "/image/Reshape", {"image_shape"});
  }
  std::vector<std::string> conv_out;  // each convolution's output, for a residual Add
  for (std::size_t i = 0; i < net.convs.size(); ++i) {
    const ConvLayer& c = net.convs[i];
    const std::string conv = "conv" + std::to_string(i + 1);
    add_initializer(g, conv + ".weight", {c.out_channels, c.in_channels, c.kernel, c.kernel},
                    c.weight);
    add_initializer(g, conv + ".bias", {c.out_channels}, c.bias);
    onnx::NodeProto* n =
        chain(g, current, "Conv", "/" + conv + "/Conv", {conv + ".weight", conv + ".bias"});
    add_ints(n, "kernel_shape", {c.kernel, c.kernel});
    add_ints(n, "pads", {c.kernel / 2, c.kernel / 2, c.kernel / 2, c.kernel / 2});
    if (c.add_from >= 0)
      chain(g, current, "Add", "/" + conv + "/Add", {conv_out.at(std::size_t(c.add_from))});
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
    add_ints(chain(g, current, "Gemm", "/" + fc + "/Gemm", {fc + ".weight", fc + ".bias"}),
             "transB", {1});
    if (l.relu) chain(g, current, "Relu", "/relu" + std::to_string(i + 1) + "/Relu");
  }
  g->mutable_node(g->node_size() - 1)->set_output(0, "logits");
  add_dims(g->add_output(), net.outputs());
  g->mutable_output(0)->set_name("logits");
  onnx::checker::check_model(model);
  return model;
}

}  // namespace

Graph to_graph(const Network& net) {
  return graph_of_model(model_of(net), "(a network in memory)");
}

void write_onnx(const Network& net, const std::string& path) {
  write_file_atomically(path, model_of(net).SerializeAsString());
}

}  // namespace cim
