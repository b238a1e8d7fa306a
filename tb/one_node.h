// SPDX-License-Identifier: Apache-2.0
// The operator tests' fixture (tb/test_operators.cc, tb/test_layer_operators.cc): a graph of one
// node on the input "x", built here, and what its tests share.
#pragma once

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "testbench.h"

namespace cim::test {

namespace fs = std::filesystem;

// One node on the graph input "x" (and constants), its output the graph's.
class OneNode : public ::testing::Test {
 protected:
  fs::path dir_ =
      fs::temp_directory_path() / ("cim_ops_" + std::to_string(::getpid()) + "_" + test_name());
  onnx::ModelProto model_;
  onnx::GraphProto* g_ = model_.mutable_graph();
  onnx::NodeProto* node_ = nullptr;

  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  onnx::NodeProto* make(const std::string& op, const Shape& input, int opset = 13) {
    model_.set_ir_version(8);
    model_.add_opset_import()->set_version(opset);
    onnx::ValueInfoProto* in = g_->add_input();
    in->set_name("x");
    in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : input)
      in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(d);
    node_ = g_->add_node();
    node_->set_name("n");
    node_->set_op_type(op);
    node_->add_input("x");
    node_->add_output("y");
    g_->add_output()->set_name("y");
    return node_;
  }
  // One more node of the graph, after make()'s.
  onnx::NodeProto* add_node(const std::string& op, const std::vector<std::string>& inputs,
                            const std::string& output) {
    onnx::NodeProto* n = g_->add_node();
    n->set_name(op + "_" + output);
    n->set_op_type(op);
    for (const std::string& in : inputs) n->add_input(in);
    n->add_output(output);
    return n;
  }
  // The graph x times x transposed by `perm` (Q K^T's form): a product of two activations.
  void self_product(const Shape& input, const std::vector<std::int64_t>& perm) {
    make("Transpose", input);
    attr_ints("perm", perm);
    node_->set_output(0, "xt");
    add_node("MatMul", {"x", "xt"}, "y");
  }
  void floats(const std::string& name, const Shape& dims, const std::vector<float>& v) {
    onnx::TensorProto* t = g_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    for (float f : v) t->add_float_data(f);
    node_->add_input(name);
  }
  void ints(const std::string& name, const std::vector<std::int64_t>& v) {
    onnx::TensorProto* t = g_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(std::int64_t(v.size()));
    for (std::int64_t i : v) t->add_int64_data(i);
    node_->add_input(name);
  }
  void attr_ints(const std::string& name, const std::vector<std::int64_t>& v) {
    onnx::AttributeProto* a = node_->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t i : v) a->add_ints(i);
  }
  void attr(const std::string& name, std::int64_t v) {
    onnx::AttributeProto* a = node_->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  void attr_f(const std::string& name, float v) {
    onnx::AttributeProto* a = node_->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
  }
  void attr_s(const std::string& name, const std::string& v) {
    onnx::AttributeProto* a = node_->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
  }
  Graph graph() {
    const std::string file = (dir_ / "g.onnx").string();
    std::ofstream(file, std::ios::binary) << model_.SerializeAsString();
    return read_onnx_graph(file);
  }
  // The node's output on x.
  Tensor run(const std::vector<float>& x) { return graph().run(x); }
  std::string error() {
    try {
      graph();
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

inline std::vector<float> iota(int n, float first = 1) {
  std::vector<float> v;
  for (int i = 0; i < n; ++i) v.push_back(first + float(i));
  return v;
}

// Each element of `got` within 1e-6 of `want`.
inline void expect_near(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-6) << "at " << k;
}

}  // namespace cim::test
