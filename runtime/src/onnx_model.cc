// SPDX-License-Identifier: Apache-2.0
// ONNX in and out for Network (Debian's libonnx: the protobuf classes and the model checker).
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "cim/array_file.h"
#include "cim/network.h"

namespace cim {

std::vector<float> Network::forward(const std::vector<float>& x) const {
  std::vector<float> a = x;
  for (const DenseLayer& l : layers) {
    std::vector<float> y(l.bias);
    for (int o = 0; o < l.outputs; ++o) {
      for (int i = 0; i < l.inputs; ++i) y[std::size_t(o)] += l.w(o, i) * a[std::size_t(i)];
      if (l.relu && y[std::size_t(o)] < 0) y[std::size_t(o)] = 0;
    }
    a = std::move(y);
  }
  return a;
}

namespace {

// A float initializer: its dimensions and values (row-major).
struct Tensor {
  std::vector<std::int64_t> dims;
  std::vector<float> values;
};

class Importer {
 public:
  Importer(const std::string& path, const onnx::GraphProto& g) : path_(path), g_(g) {
    for (const onnx::TensorProto& t : g.initializer()) initializers_[t.name()] = &t;
  }

  Network run() {
    std::string current;
    for (const onnx::ValueInfoProto& in : g_.input()) {
      if (initializers_.count(in.name())) continue;  // older exporters list weights as inputs
      if (!current.empty()) fail_graph("has more than one input (" + current + ", " + in.name() + ")");
      current = in.name();
    }
    if (current.empty()) fail_graph("has no input");
    Network net;
    for (const onnx::NodeProto& n : g_.node()) {
      const std::string& op = n.op_type();
      if (n.input_size() == 0 || n.input(0) != current) {
        // Add may take the bias first.
        if (!(op == "Add" && n.input_size() == 2 && n.input(1) == current)) {
          fail_node(n, "does not take the previous node's output '" + current + "'");
        }
      }
      if (n.output_size() != 1) fail_node(n, "has " + std::to_string(n.output_size()) + " outputs");
      if (op == "Gemm") {
        net.layers.push_back(gemm(n));
      } else if (op == "MatMul") {
        net.layers.push_back(matmul(n));
      } else if (op == "Add") {
        add_bias(n, net);
      } else if (op == "Relu") {
        if (net.layers.empty() || net.layers.back().relu) {
          fail_node(n, "is not directly after a Gemm or MatMul layer");
        }
        net.layers.back().relu = true;
      } else if (op == "Flatten") {
        for (const onnx::AttributeProto& a : n.attribute()) {
          if (a.name() == "axis" && a.i() != 1) fail_node(n, "flattens from axis " + std::to_string(a.i()) + ", not 1");
        }
        if (!net.layers.empty()) fail_node(n, "comes after a layer (only the input may be flattened)");
      } else {
        fail_node(n, "is not supported (Gemm, MatMul, Add, Relu, Flatten)");
      }
      last_node_ = &n;
      current = n.output(0);
    }
    if (net.layers.empty()) fail_graph("has no Gemm or MatMul layer");
    if (g_.output_size() != 1 || g_.output(0).name() != current) {
      fail_graph("output is not the last node's output '" + current + "'");
    }
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
      if (net.layers[l].inputs != net.layers[l - 1].outputs) {
        throw InputError(path_ + ": node '" + net.layers[l].name + "' takes " +
                         std::to_string(net.layers[l].inputs) + " inputs, but node '" +
                         net.layers[l - 1].name + "' gives " +
                         std::to_string(net.layers[l - 1].outputs));
      }
    }
    return net;
  }

 private:
  [[noreturn]] void fail_graph(const std::string& what) const {
    throw InputError(path_ + ": the graph " + what);
  }
  [[noreturn]] void fail_node(const onnx::NodeProto& n, const std::string& what) const {
    throw InputError(path_ + ": node '" + n.name() + "' (" + n.op_type() + ") " + what);
  }

  Tensor tensor(const onnx::NodeProto& n, int input) const {
    if (n.input_size() <= input) fail_node(n, "lacks input " + std::to_string(input));
    const auto it = initializers_.find(n.input(input));
    if (it == initializers_.end()) {
      fail_node(n, "input '" + n.input(input) + "' is not a constant initializer");
    }
    const onnx::TensorProto& t = *it->second;
    if (t.data_type() != onnx::TensorProto::FLOAT) {
      fail_node(n, "initializer '" + t.name() + "' is not float (data type " +
                       std::to_string(t.data_type()) + ")");
    }
    Tensor out;
    std::int64_t count = 1;
    for (std::int64_t d : t.dims()) {
      out.dims.push_back(d);
      count *= d;
    }
    if (t.has_raw_data()) {
      if (t.raw_data().size() != std::size_t(count) * sizeof(float)) {
        fail_node(n, "initializer '" + t.name() + "' holds " + std::to_string(t.raw_data().size()) +
                         " bytes for " + std::to_string(count) + " floats");
      }
      out.values.resize(std::size_t(count));
      std::memcpy(out.values.data(), t.raw_data().data(), t.raw_data().size());  // little-endian
    } else {
      if (t.float_data_size() != count) {
        fail_node(n, "initializer '" + t.name() + "' holds " +
                         std::to_string(t.float_data_size()) + " floats for its shape's " +
                         std::to_string(count));
      }
      out.values.assign(t.float_data().begin(), t.float_data().end());
    }
    return out;
  }

  // A weight initializer of shape [K, N] (or [N, K] when transposed) as a layer.
  DenseLayer layer(const onnx::NodeProto& n, const Tensor& w, bool transposed) const {
    if (w.dims.size() != 2) fail_node(n, "weight is not 2-D");
    DenseLayer l;
    l.name = n.name();
    l.outputs = int(transposed ? w.dims[0] : w.dims[1]);
    l.inputs = int(transposed ? w.dims[1] : w.dims[0]);
    l.weight.resize(std::size_t(l.outputs) * l.inputs);
    for (int o = 0; o < l.outputs; ++o) {
      for (int i = 0; i < l.inputs; ++i) {
        l.weight[std::size_t(o) * l.inputs + i] =
            transposed ? w.values[std::size_t(o) * l.inputs + i] : w.values[std::size_t(i) * l.outputs + o];
      }
    }
    l.bias.assign(std::size_t(l.outputs), 0.0f);
    return l;
  }

  void set_bias(const onnx::NodeProto& n, DenseLayer& l, const Tensor& b) const {
    if (b.values.size() != std::size_t(l.outputs)) {
      fail_node(n, "bias has " + std::to_string(b.values.size()) + " values for " +
                       std::to_string(l.outputs) + " outputs");
    }
    l.bias = b.values;
  }

  DenseLayer gemm(const onnx::NodeProto& n) const {
    bool trans_b = false;
    for (const onnx::AttributeProto& a : n.attribute()) {
      if ((a.name() == "alpha" || a.name() == "beta") && a.f() != 1.0f) {
        fail_node(n, "has " + a.name() + " = " + std::to_string(a.f()) + " (only 1 is supported)");
      }
      if (a.name() == "transA" && a.i() != 0) fail_node(n, "has transA = 1");
      if (a.name() == "transB") trans_b = a.i() != 0;
    }
    DenseLayer l = layer(n, tensor(n, 1), trans_b);
    if (n.input_size() > 2) set_bias(n, l, tensor(n, 2));
    return l;
  }

  DenseLayer matmul(const onnx::NodeProto& n) const {
    if (n.input_size() != 2) fail_node(n, "does not have two inputs");
    return layer(n, tensor(n, 1), false);
  }

  void add_bias(const onnx::NodeProto& n, Network& net) const {
    if (net.layers.empty() || !last_node_ || last_node_->op_type() != "MatMul") {
      fail_node(n, "is not a bias after a MatMul");
    }
    set_bias(n, net.layers.back(), tensor(n, n.input(0) == last_node_->output(0) ? 1 : 0));
  }

  const std::string& path_;
  const onnx::GraphProto& g_;
  std::map<std::string, const onnx::TensorProto*> initializers_;
  const onnx::NodeProto* last_node_ = nullptr;
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

}  // namespace

Network read_onnx(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&f) || !model.has_graph()) {
    throw InputError(path + ": not an ONNX model");
  }
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& e) {
    throw InputError(path + ": not a valid ONNX model: " + e.what());
  }
  return Importer(path, model.graph()).run();
}

void write_onnx(const Network& net, const std::string& path) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("opencim");
  model.add_opset_import()->set_version(13);
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("perceptron");
  std::string current = "input";
  add_dims(g->add_input(), net.inputs());
  g->mutable_input(0)->set_name(current);
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const DenseLayer& l = net.layers[i];
    const std::string fc = "fc" + std::to_string(i + 1);
    add_initializer(g, fc + ".weight", {l.outputs, l.inputs}, l.weight);
    add_initializer(g, fc + ".bias", {l.outputs}, l.bias);
    onnx::NodeProto* n = g->add_node();
    n->set_name("/" + fc + "/Gemm");
    n->set_op_type("Gemm");
    n->add_input(current);
    n->add_input(fc + ".weight");
    n->add_input(fc + ".bias");
    current = l.relu ? fc + "_out" : (i + 1 == net.layers.size() ? "logits" : fc + "_out");
    n->add_output(current);
    onnx::AttributeProto* t = n->add_attribute();
    t->set_name("transB");
    t->set_type(onnx::AttributeProto::INT);
    t->set_i(1);
    if (l.relu) {
      onnx::NodeProto* r = g->add_node();
      r->set_name("/relu" + std::to_string(i + 1) + "/Relu");
      r->set_op_type("Relu");
      r->add_input(current);
      current = i + 1 == net.layers.size() ? "logits" : "relu" + std::to_string(i + 1) + "_out";
      r->add_output(current);
    }
  }
  add_dims(g->add_output(), net.outputs());
  g->mutable_output(0)->set_name(current);
  onnx::checker::check_model(model);
  write_file_atomically(path, model.SerializeAsString());
}

}  // namespace cim
