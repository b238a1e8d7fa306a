// SPDX-License-Identifier: Apache-2.0
// The graph reader's operators (nn/src/operators.cc) one by one, on graphs of one node built
// here with hand-worked answers: the attributes the fixtures from PyTorch do not exercise (grouped
// and strided convolutions, auto_pad, ceil_mode, count_include_pad, negative steps and indices,
// broadcasting, the opset-dependent forms), and a depthwise convolution on the macros.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "cim/macro_layers.h"
#include "cim/mapper.h"
#include "cim/quantized_network.h"
#include "testbench.h"

namespace cim::test {
namespace {

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

std::vector<float> iota(int n, float first = 1) {
  std::vector<float> v;
  for (int i = 0; i < n; ++i) v.push_back(first + float(i));
  return v;
}

TEST_F(OneNode, DepthwiseConvolutionKeepsEachChannelApart) {
  make("Conv", {1, 2, 2, 2});
  floats("w", {2, 1, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0});
  attr("group", 2);
  const Tensor y = run({1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 1}));
  EXPECT_EQ(y.f, (std::vector<float>{1 + 4, 6 + 7}));
}

// On the macros: one block-diagonal matrix, half of it structurally zero, the same integers on
// the digital macro as the exact product.
class OneNodeOnTheMacro : public OneNode {};

TEST_F(OneNodeOnTheMacro, DepthwiseConvolutionIsBlockDiagonal) {
  make("Conv", {1, 2, 3, 3});
  floats("w", {2, 1, 2, 2}, {1, -1, 2, 0.5f, -1, 1, 0.25f, 2});
  attr("group", 2);
  const Graph g = graph();
  RealMatrix x(4, 18);
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 18; ++c) x.at(r, c) = double((r * 7 + c * 3) % 11);
  }
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  EXPECT_DOUBLE_EQ(q.layers[0].utilisation, 0.5);
  EXPECT_EQ(q.layers[0].positions, 4);
  for (int k = 4; k < 8; ++k)
    EXPECT_EQ(q.layers[0].weight.at(k, 0), 0) << "channel 1's rows in channel 0's column";
  Testbench tb("digital", MacroSetup{Params{64, 16, 8, 8, 1}, {}});
  const Inference golden =
      infer(q, x, [](int, const IntMatrix& in, const IntMatrix& w) { return multiply(in, w); });
  const Inference macro = infer(q, x, [&](int l, const IntMatrix& in, const IntMatrix& w) {
    return Mapper(tb.drv(), layer_precision(q, l)).run(w, in);
  });
  EXPECT_EQ(macro.accumulators, golden.accumulators);
  for (int r = 0; r < 4; ++r) {
    std::vector<float> ex;
    for (int c = 0; c < 18; ++c) ex.push_back(float(x.at(r, c)));
    const Tensor want = g.run(ex);
    for (std::size_t k = 0; k < want.f.size(); ++k) {
      EXPECT_NEAR(golden.logits[std::size_t(r)][k], want.f[k], 0.01 * std::fabs(want.f[k]) + 0.1)
          << r;
    }
  }
}

// Attention's product of two activations on the macro: for each example and each head (a batch
// dimension), the right operand quantized per tensor and written as the weights, the left one
// streamed through it. Q K^T of x = [1, 2, 2, 2] (2 heads of 2 x 2) by its own transpose: the
// macro's integers are the exact ones, the outputs within quantization of the float product.
TEST_F(OneNodeOnTheMacro, ProductOfTwoActivationsWritesItsWeightsAtRunTime) {
  make("Transpose", {1, 2, 2, 2});
  attr_ints("perm", {0, 1, 3, 2});
  node_->set_output(0, "xt");
  onnx::NodeProto* mm = g_->add_node();
  mm->set_name("qk");
  mm->set_op_type("MatMul");
  mm->add_input("x");
  mm->add_input("xt");
  mm->add_output("y");
  const Graph g = graph();
  RealMatrix x(3, 8);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 8; ++c) x.at(r, c) = double((r * 5 + c * 3) % 7) - 3;  // signed
  }
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  const QuantizedLayer& ql = q.layers[0];
  EXPECT_TRUE(ql.run_time_weights);
  EXPECT_EQ(ql.slices, 2);
  EXPECT_EQ(ql.positions, 4);  // 2 heads x 2 rows
  EXPECT_TRUE(ql.input_signed);
  int writes = 0;
  Testbench tb("digital", MacroSetup{Params{64, 16, 8, 8, 1}, {}});
  const Inference golden =
      infer(q, x, [](int, const IntMatrix& in, const IntMatrix& w) { return multiply(in, w); });
  const Inference macro = infer(q, x, [&](int l, const IntMatrix& in, const IntMatrix& w) {
    ++writes;
    return Mapper(tb.drv(), layer_precision(q, l)).run(w, in);
  });
  EXPECT_EQ(writes, 3 * 2);  // a matrix an example and head
  EXPECT_EQ(macro.accumulators, golden.accumulators);
  ASSERT_EQ(golden.accumulators[0].rows(), 3 * 4);
  for (int r = 0; r < 3; ++r) {
    std::vector<float> ex;
    for (int c = 0; c < 8; ++c) ex.push_back(float(x.at(r, c)));
    const Tensor want = g.run(ex);
    for (std::size_t k = 0; k < want.f.size(); ++k) {
      EXPECT_NEAR(golden.logits[std::size_t(r)][k], want.f[k], 0.02 * std::fabs(want.f[k]) + 0.1)
          << "example " << r << " output " << k;
    }
  }
}

TEST_F(OneNode, StridedDilatedAndSamePaddedConvolutions) {
  make("Conv", {1, 1, 5, 5});
  floats("w", {1, 1, 2, 2}, {1, 1, 1, 1});
  attr_ints("strides", {2, 2});
  attr_ints("dilations", {2, 2});
  // A 2x2 kernel dilated 2 covers 3x3: windows at 0 and 2, summing the corners.
  const Tensor y = run(iota(25, 0));
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.f, (std::vector<float>{0 + 2 + 10 + 12, 2 + 4 + 12 + 14, 10 + 12 + 20 + 22,
                                     12 + 14 + 22 + 24}));
}

TEST_F(OneNode, SameUpperPadsTheEndWithTheOddOne) {
  make("Conv", {1, 1, 2, 2});
  floats("w", {1, 1, 2, 2}, {1, 1, 1, 1});
  attr_s("auto_pad", "SAME_UPPER");
  const Tensor y = run({1, 2, 3, 4});
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.f, (std::vector<float>{10, 6, 7, 4}));  // the pad row and column at the end
}

// A 1-D convolution (N x C x L: a row of height 1), strided and padded, and a 1-D max pool.
TEST_F(OneNode, OneDimensionalConvolutionAndPool) {
  make("Conv", {1, 1, 5});
  floats("w", {1, 1, 2}, {1, -1});
  attr_ints("pads", {1, 0});
  attr_ints("strides", {2});
  // x = 1 2 3 4 5, padded 0 1 2 3 4 5: windows (0,1) (2,3) (4,5) -> -1, -1, -1.
  const Tensor y = run(iota(5));
  EXPECT_EQ(y.shape, (Shape{1, 1, 3}));
  EXPECT_EQ(y.f, (std::vector<float>{-1, -1, -1}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("MaxPool", {1, 2, 4});
  attr_ints("kernel_shape", {2});
  attr_ints("strides", {2});
  const Tensor p = run({1, 3, 2, 0, -1, -2, 5, 4});
  EXPECT_EQ(p.shape, (Shape{1, 2, 2}));
  EXPECT_EQ(p.f, (std::vector<float>{3, 2, -1, 5}));
  // Two pads for a 1-D input, not four; a 2-D kernel on a 1-D input is refused.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Conv", {1, 1, 5});
  floats("w", {1, 1, 2}, {1, -1});
  attr_ints("pads", {1, 0, 1, 0});
  EXPECT_NE(error().find("not for its 1 spatial axes"), std::string::npos) << error();
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Conv", {1, 1, 5});
  floats("w", {1, 1, 1, 2}, {1, -1});
  EXPECT_NE(error().find("has a weight of shape [1, 1, 1, 2] for an input of [1, 1, 5]"),
            std::string::npos)
      << error();
}

TEST_F(OneNode, MaxPoolCeilModeKeepsThePartialWindow) {
  make("MaxPool", {1, 1, 3, 3});
  attr_ints("kernel_shape", {2, 2});
  attr_ints("strides", {2, 2});
  attr("ceil_mode", 1);
  const Tensor y = run(iota(9));
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.f, (std::vector<float>{5, 6, 8, 9}));
}

TEST_F(OneNode, AveragePoolCountsThePadsOnlyWhenAsked) {
  for (int include : {0, 1}) {
    model_.Clear();
    g_ = model_.mutable_graph();
    make("AveragePool", {1, 1, 2, 2});
    attr_ints("kernel_shape", {3, 3});
    attr_ints("pads", {1, 1, 1, 1});
    attr("count_include_pad", include);
    const Tensor y = run({1, 2, 3, 4});
    EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
    for (float v : y.f) EXPECT_FLOAT_EQ(v, include ? 10.0f / 9.0f : 2.5f) << include;
  }
}

TEST_F(OneNode, ReduceMeanOverTheSpatialAxes) {
  make("ReduceMean", {1, 2, 2, 2}, 13);
  attr_ints("axes", {2, 3});
  attr("keepdims", 0);
  const Tensor y = run(iota(8));
  EXPECT_EQ(y.shape, (Shape{1, 2}));
  EXPECT_EQ(y.f, (std::vector<float>{2.5f, 6.5f}));
}

TEST_F(OneNode, ReduceMeanTakesItsAxesAsAnInputFromOpset18) {
  make("ReduceMean", {1, 2, 2}, 18);
  ints("axes", {-1});
  const Tensor y = run({1, 3, 5, 9});
  EXPECT_EQ(y.shape, (Shape{1, 2, 1}));
  EXPECT_EQ(y.f, (std::vector<float>{2, 7}));
}

TEST_F(OneNode, ClipAndLeakyRelu) {
  make("Clip", {1, 4});
  floats("lo", {}, {0});
  floats("hi", {}, {6});
  EXPECT_EQ(run({-2, 3, 7, 6}).f, (std::vector<float>{0, 3, 6, 6}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("LeakyRelu", {1, 2});
  attr_f("alpha", 0.5f);
  EXPECT_EQ(run({-4, 4}).f, (std::vector<float>{-2, 4}));
}

// Each element of `got` within 1e-6 of `want`.
void expect_near(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-6) << "at " << k;
}

// The activations of torch.nn, on values whose answers are worked by hand: ln 3 and ln 2 make
// e^x a small integer.
TEST_F(OneNode, ActivationsOnHandWorkedValues) {
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  struct Case {
    const char* op;
    int opset;
    std::vector<float> x;
    std::vector<double> want;
  };
  const Case cases[] = {
      {"Sigmoid", 13, {0, float(ln3)}, {0.5, 0.75}},
      {"Tanh", 13, {0, float(ln2)}, {0, 0.6}},
      {"HardSigmoid", 13, {-3, 1, 3}, {0, 0.7, 1}},  // alpha 0.2, beta 0.5
      {"HardSwish", 14, {-3, 1, 3}, {0, 1.0 * (1.0 / 6 + 0.5), 3}},
      {"Softplus", 13, {0, float(ln3), 100}, {ln2, std::log(4.0), 100}},  // no overflow
      {"Softsign", 13, {1, -3}, {0.5, -0.75}},
      {"Elu", 13, {float(-ln2), 3}, {-0.5, 3}},
      {"Selu", 13, {1, 0}, {1.05070102519989013671875, 0}},
      {"Celu", 13, {float(-ln2), 2}, {-0.5, 2}},
      {"Mish", 18, {0, float(ln3)}, {0, ln3 * 15.0 / 17.0}},  // tanh(ln 4) = 15/17
      {"Gelu", 20, {0, 1, -1}, {0, 0.841344746068543, -0.158655253931457}},
      {"Erf", 13, {0, 1}, {0, 0.842700792949715}},
      {"Sqrt", 13, {4, 2.25}, {2, 1.5}},
      {"Exp", 13, {0, float(ln3)}, {1, 3}},
      {"Log", 13, {1, 4}, {0, 2 * ln2}},
      {"Reciprocal", 13, {4, -0.5}, {0.25, -2}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.op);
    model_.Clear();
    g_ = model_.mutable_graph();
    make(c.op, {1, std::int64_t(c.x.size())}, c.opset);
    expect_near(run(c.x).f, c.want);
  }
}

TEST_F(OneNode, ActivationAttributesAndForms) {
  make("HardSigmoid", {1, 2});  // torch's Hardsigmoid: x / 6 + 1/2
  attr_f("alpha", 1.0f / 6);
  attr_f("beta", 0.5f);
  expect_near(run({0, 3}).f, {0.5, 1});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Elu", {1, 1});
  attr_f("alpha", 2);
  expect_near(run({float(-std::log(2.0))}).f, {-1});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Gelu", {1, 1}, 20);
  attr_s("approximate", "tanh");
  expect_near(run({1}).f, {0.841191990607477});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Gelu", {1, 1}, 20);
  attr_s("approximate", "erfc");
  EXPECT_NE(error().find("takes approximate 'none' or 'tanh', not 'erfc'"), std::string::npos);
  // An operator before the opset that defines it is refused, naming the opsets.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("HardSwish", {1, 1}, 13);
  EXPECT_NE(error().find("(HardSwish) is taken at opsets 14 to 21, not the model's 13"),
            std::string::npos)
      << error();
}

// PRelu's slope broadcasts per channel (torch writes it C x 1 x 1); Pow squares (LayerNorm
// below opset 17).
TEST_F(OneNode, PReluPerChannelAndPow) {
  make("PRelu", {1, 2, 2});
  floats("slope", {2, 1}, {0.5f, 0.25f});
  expect_near(run({-2, 2, -4, 4}).f, {-1, 2, -1, 4});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Pow", {1, 3});
  floats("two", {}, {2});
  expect_near(run({-3, 0.5f, 2}).f, {9, 0.25, 4});
}

TEST_F(OneNode, BroadcastingArithmetic) {
  make("Sub", {1, 2, 3});
  floats("c", {3}, {1, 2, 3});
  EXPECT_EQ(run(iota(6)).f, (std::vector<float>{0, 0, 0, 3, 3, 3}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Div", {1, 2, 2});
  floats("c", {2, 1}, {2, 4});
  EXPECT_EQ(run({2, 4, 8, 16}).f, (std::vector<float>{1, 2, 2, 4}));
}

// Found by fuzzing (tb/fuzz/regressions/onnx/broadcast-empty.onnx): a dimension of 1 broadcast
// against one of 0 gives 0, not 1 (which read past an empty tensor).
TEST_F(OneNode, OneBroadcastsToAnEmptyDimension) {
  make("Mul", {1, 2});
  floats("empty", {0, 1}, {});
  const Graph g = graph();
  EXPECT_EQ(g.output_shape(), (Shape{0, 2}));
}

TEST_F(OneNode, TransposeSoftmaxAndLogSoftmax) {
  make("Transpose", {1, 2, 3});
  attr_ints("perm", {0, 2, 1});
  const Tensor t = run(iota(6));
  EXPECT_EQ(t.shape, (Shape{1, 3, 2}));
  EXPECT_EQ(t.f, (std::vector<float>{1, 4, 2, 5, 3, 6}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Softmax", {1, 2});
  const Tensor s = run({0, std::log(3.0f)});
  EXPECT_NEAR(s.f[0], 0.25f, 1e-6);
  EXPECT_NEAR(s.f[1], 0.75f, 1e-6);
  model_.Clear();
  g_ = model_.mutable_graph();
  make("LogSoftmax", {1, 2});
  EXPECT_NEAR(run({0, std::log(3.0f)}).f[0], std::log(0.25f), 1e-6);
}

TEST_F(OneNode, BatchNormalization) {
  make("BatchNormalization", {1, 2, 1, 1});
  floats("scale", {2}, {2, 1});
  floats("bias", {2}, {1, 0});
  floats("mean", {2}, {1, 10});
  floats("var", {2}, {4, 1});
  attr_f("epsilon", 0);
  EXPECT_EQ(run({3, 12}).f, (std::vector<float>{(3 - 1) * 2 / 2.0f + 1, 2}));
}

// LayerNormalization (opset 17) over the last axis: (x - mean) / sqrt(var + eps), scaled and
// shifted per element; and over the last two from axis -2, with one scale broadcast.
TEST_F(OneNode, LayerNormalizationOverTheTrailingAxes) {
  make("LayerNormalization", {1, 2, 2}, 17);
  floats("scale", {2}, {1, 2});
  floats("bias", {2}, {0, 1});
  attr_f("epsilon", 0);
  // Rows {1, 3} and {2, 6}: means 2 and 4, standard deviations 1 and 2, so -1 and +1 each.
  expect_near(run({1, 3, 2, 6}).f, {-1, 3, -1, 3});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("LayerNormalization", {1, 2, 2}, 17);
  floats("scale", {1}, {2});
  attr("axis", -2);
  attr_f("epsilon", 0);
  // One group {0, 2, 4, 6}: mean 3, variance 5.
  const float r = 2 / std::sqrt(5.0f);
  expect_near(run({0, 2, 4, 6}).f, {-3 * r, -r, r, 3 * r});
  // Before opset 17 it is refused (exporters write ReduceMean, Sub, Pow, Sqrt and Div there).
  model_.Clear();
  g_ = model_.mutable_graph();
  make("LayerNormalization", {1, 2}, 16);
  floats("scale", {2}, {1, 1});
  EXPECT_NE(error().find("is taken at opsets 17 to 21"), std::string::npos) << error();
  // A scale that does not broadcast to the normalized axes is refused naming both shapes.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("LayerNormalization", {1, 2}, 17);
  floats("scale", {3}, {1, 1, 1});
  EXPECT_NE(error().find("input 1 of shape [3], which does not broadcast to the normalized [2]"),
            std::string::npos)
      << error();
}

// Expand broadcasts both ways; Equal writes 0/1 and Where picks by it; ConstantOfShape fills.
TEST_F(OneNode, ExpandEqualWhereAndConstantOfShape) {
  make("Expand", {1, 2, 1});
  ints("shape", {3, 1, 3});  // [1, 2, 1] with [3, 1, 3] -> [3, 2, 3]
  const Tensor e = run({5, 7});
  EXPECT_EQ(e.shape, (Shape{3, 2, 3}));
  EXPECT_EQ(e.f, (std::vector<float>{5, 5, 5, 7, 7, 7, 5, 5, 5, 7, 7, 7, 5, 5, 5, 7, 7, 7}));
  // Where(Equal(x, 2), x, -x): the 2s kept, the rest negated.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Equal", {1, 4});
  floats("two", {}, {2});
  node_->set_output(0, "is_two");
  onnx::NodeProto* neg = g_->add_node();
  onnx::NodeProto* w = g_->add_node();
  w->set_name("w");
  w->set_op_type("Where");
  w->add_input("is_two");
  w->add_input("x");
  w->add_input("minus_x");
  w->add_output("y");
  neg->set_op_type("Mul");
  neg->add_input("x");
  neg->add_input("minus_one");
  neg->add_output("minus_x");
  onnx::TensorProto* m1 = g_->add_initializer();
  m1->set_name("minus_one");
  m1->set_data_type(onnx::TensorProto::FLOAT);
  m1->add_float_data(-1);
  EXPECT_EQ(run({2, 3, 2, -1}).f, (std::vector<float>{2, -3, 2, 1}));
  // ConstantOfShape of a folded shape, with an int64 value: Add(x, Cast(ConstantOfShape([1, 2])
  // = 3)) = x + 3.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Add", {1, 2});
  node_->add_input("threes");
  onnx::NodeProto* cos = g_->add_node();
  cos->set_op_type("ConstantOfShape");
  cos->add_input("dims");
  cos->add_output("int_threes");
  onnx::AttributeProto* v = cos->add_attribute();
  v->set_name("value");
  v->set_type(onnx::AttributeProto::TENSOR);
  v->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  v->mutable_t()->add_dims(1);
  v->mutable_t()->add_int64_data(3);
  onnx::NodeProto* cast = g_->add_node();
  cast->set_op_type("Cast");
  cast->add_input("int_threes");
  cast->add_output("threes");
  onnx::AttributeProto* to = cast->add_attribute();
  to->set_name("to");
  to->set_type(onnx::AttributeProto::INT);
  to->set_i(onnx::TensorProto::FLOAT);
  onnx::TensorProto* dims = g_->add_initializer();
  dims->set_name("dims");
  dims->set_data_type(onnx::TensorProto::INT64);
  dims->add_dims(2);
  dims->add_int64_data(1);
  dims->add_int64_data(2);
  EXPECT_EQ(run({1, 2}).f, (std::vector<float>{4, 5}));
}

// MatMul as NumPy's: a product of two activations (attention's Q K^T) in the periphery, a
// constant matrix on the macros, a 1-D operand dropped from the result, batch dimensions.
TEST_F(OneNode, MatMulOfTwoActivationsAndBatches) {
  // x x^T for x = [[1, 2, 3], [4, 5, 6]] (after the batch of 1).
  make("Transpose", {1, 2, 3});
  attr_ints("perm", {0, 2, 1});
  node_->set_output(0, "xt");
  onnx::NodeProto* mm = g_->add_node();
  mm->set_name("qk");
  mm->set_op_type("MatMul");
  mm->add_input("x");
  mm->add_input("xt");
  mm->add_output("y");
  const Graph g = graph();
  EXPECT_EQ(g.run(iota(6)).f, (std::vector<float>{14, 32, 32, 77}));
  EXPECT_EQ(macro_layers(g), 1);  // two activations: on the macros, weights written at run time
  // [1, 2, 2, 2] by a constant vector [1, 1]: each row summed, [1, 2, 2].
  model_.Clear();
  g_ = model_.mutable_graph();
  make("MatMul", {1, 2, 2, 2});
  floats("ones", {2}, {1, 1});
  const Tensor v = run(iota(8));
  EXPECT_EQ(v.shape, (Shape{1, 2, 2}));
  EXPECT_EQ(v.f, (std::vector<float>{3, 7, 11, 15}));
  EXPECT_EQ(macro_layers(graph()), 0);  // a vector is not a weight matrix
  // [1, 2, 1, 2] by a constant [2, 2] matrix: broadcast over the batch, on the macros.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("MatMul", {1, 2, 1, 2});
  floats("w", {2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(run({1, 1, 2, 0}).f, (std::vector<float>{4, 6, 2, 4}));
  EXPECT_EQ(macro_layers(graph()), 1);
  // Batch dimensions that do not broadcast are refused naming both shapes.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("MatMul", {1, 3, 1, 2});
  floats("w", {2, 2, 2}, iota(8));
  EXPECT_NE(error().find("cannot broadcast [1, 3] with [2]"), std::string::npos) << error();
}

// Pad in each mode PyTorch's F.pad writes (constant, reflect, replicate as edge; circular as
// wrap from opset 19), a negative pad cropping, and the attribute form before opset 11.
TEST_F(OneNode, PadModes) {
  const auto padded = [&](const std::string& mode, const std::vector<std::int64_t>& pads,
                          int opset = 13) {
    model_.Clear();
    g_ = model_.mutable_graph();
    make("Pad", {1, 3}, opset);
    ints("pads", pads);
    if (mode != "constant") attr_s("mode", mode);
    floats("value", {}, {9});
    return run({1, 2, 3}).f;
  };
  EXPECT_EQ(padded("constant", {0, 2, 0, 1}), (std::vector<float>{9, 9, 1, 2, 3, 9}));
  EXPECT_EQ(padded("reflect", {0, 2, 0, 2}), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(padded("edge", {0, 2, 0, 1}), (std::vector<float>{1, 1, 1, 2, 3, 3}));
  EXPECT_EQ(padded("wrap", {0, 2, 0, 1}, 19), (std::vector<float>{2, 3, 1, 2, 3, 1}));
  EXPECT_EQ(padded("constant", {0, -1, 0, 0}), (std::vector<float>{2, 3}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Pad", {1, 3}, 10);
  attr_ints("pads", {0, 1, 0, 0});
  attr_f("value", 7);
  EXPECT_EQ(run({1, 2, 3}).f, (std::vector<float>{7, 1, 2, 3}));
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Pad", {1, 3}, 13);
  ints("pads", {0, 1, 0, 0});
  attr_s("mode", "wrap");
  EXPECT_NE(error().find("has mode 'wrap', which opset 19 introduced"), std::string::npos)
      << error();
}

// Resize as nn.Upsample writes it: nearest (asymmetric, floor), bilinear without aligned corners
// (half_pixel, edges clamped) and with them; to sizes as well as by scales; cubic refused.
TEST_F(OneNode, ResizeNearestAndLinear) {
  const auto resized = [&](const std::string& mode, const std::string& coords,
                           const std::vector<float>& scales, const std::vector<float>& x,
                           const Shape& shape) {
    model_.Clear();
    g_ = model_.mutable_graph();
    make("Resize", shape);
    node_->add_input("");  // roi, left out
    floats("scales", {std::int64_t(scales.size())}, scales);
    attr_s("mode", mode);
    attr_s("coordinate_transformation_mode", coords);
    if (mode == "nearest") attr_s("nearest_mode", "floor");
    return run(x);
  };
  const Tensor n = resized("nearest", "asymmetric", {1, 1, 2, 2}, {1, 2, 3, 4}, {1, 1, 2, 2});
  EXPECT_EQ(n.shape, (Shape{1, 1, 4, 4}));
  EXPECT_EQ(n.f, (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
  // Source coordinates (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
  expect_near(resized("linear", "half_pixel", {1, 1, 2}, {0, 4}, {1, 1, 2}).f, {0, 1, 3, 4});
  // Three outputs with aligned corners: 0, 0.5, 1.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Resize", {1, 1, 2});
  node_->add_input("");
  node_->add_input("");
  ints("sizes", {1, 1, 3});
  attr_s("mode", "linear");
  attr_s("coordinate_transformation_mode", "align_corners");
  expect_near(run({0, 4}).f, {0, 2, 4});
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Resize", {1, 1, 2});
  node_->add_input("");
  floats("scales", {3}, {1, 1, 2});
  attr_s("mode", "cubic");
  EXPECT_NE(error().find("has mode 'cubic' (nearest or linear)"), std::string::npos) << error();
}

// ConvTranspose: each input spreads its kernel, strided; pads crop, output_padding extends; on
// the macro as the convolution it equals (the flipped kernel over the zero-inserted input).
TEST_F(OneNode, ConvTransposeStridePadsAndOutputPadding) {
  const auto transposed = [&](const std::vector<std::int64_t>& pads, std::int64_t out_pad) {
    model_.Clear();
    g_ = model_.mutable_graph();
    make("ConvTranspose", {1, 1, 2});
    floats("w", {1, 1, 2}, {1, 10});
    attr_ints("strides", {2});
    attr_ints("pads", pads);
    if (out_pad) attr_ints("output_padding", {out_pad});
    return run({1, 2}).f;
  };
  EXPECT_EQ(transposed({0, 0}, 0), (std::vector<float>{1, 10, 2, 20}));
  EXPECT_EQ(transposed({1, 0}, 0), (std::vector<float>{10, 2, 20}));
  EXPECT_EQ(transposed({0, 0}, 1), (std::vector<float>{1, 10, 2, 20, 0}));
}

TEST_F(OneNodeOnTheMacro, ConvTransposeIsTheConvolutionOfTheZeroInsertedInput) {
  make("ConvTranspose", {1, 2, 2, 2});
  floats("w", {2, 3, 2, 2}, {1,    -1, 2,  0.5f, -1, 1,     0.25f, 2, 1,  1,     -2, 0.5f,
                             0.5f, 1,  -1, 2,    1,  -0.5f, 2,     1, -1, 0.25f, 1,  1});
  attr_ints("strides", {2, 2});
  attr_ints("pads", {1, 0, 0, 1});
  const Graph g = graph();
  EXPECT_EQ(g.output_shape(), (Shape{1, 3, 3, 3}));
  RealMatrix x(4, 8);
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 8; ++c) x.at(r, c) = double((r * 7 + c * 3) % 11);
  }
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  EXPECT_EQ(q.layers[0].positions, 9);
  EXPECT_EQ(q.layers[0].weight.rows(), 8);  // C_in x kh x kw
  Testbench tb("digital", MacroSetup{Params{64, 16, 8, 8, 1}, {}});
  const Inference golden =
      infer(q, x, [](int, const IntMatrix& in, const IntMatrix& w) { return multiply(in, w); });
  const Inference macro = infer(q, x, [&](int l, const IntMatrix& in, const IntMatrix& w) {
    return Mapper(tb.drv(), layer_precision(q, l)).run(w, in);
  });
  EXPECT_EQ(macro.accumulators, golden.accumulators);
  for (int r = 0; r < 4; ++r) {
    std::vector<float> ex;
    for (int c = 0; c < 8; ++c) ex.push_back(float(x.at(r, c)));
    const Tensor want = g.run(ex);
    for (std::size_t k = 0; k < want.f.size(); ++k) {
      EXPECT_NEAR(golden.logits[std::size_t(r)][k], want.f[k], 0.01 * std::fabs(want.f[k]) + 0.1)
          << r;
    }
  }
}

// Recurrent layers on one input and one hidden unit, batch first (layout 1), worked by hand:
// RNN forward, reverse and bidirectional; GRU with and without linear_before_reset; LSTM.
TEST_F(OneNode, RecurrentLayersStepByStep) {
  const auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  const auto recurrent = [&](const std::string& op, const std::string& direction,
                             const std::vector<float>& w, const std::vector<float>& r,
                             std::int64_t before_reset = -1, std::vector<float> bias = {}) {
    model_.Clear();
    g_ = model_.mutable_graph();
    make(op, {1, 2, 1}, 14);  // X: batch 1, 2 steps, 1 input
    const std::int64_t dirs = direction == "bidirectional" ? 2 : 1;
    const std::int64_t gates = std::int64_t(w.size()) / dirs;
    floats("W", {dirs, gates, 1}, w);
    floats("R", {dirs, gates, 1}, r);
    if (!bias.empty()) floats("B", {dirs, 2 * gates}, bias);
    attr("hidden_size", 1);
    attr("layout", 1);
    attr_s("direction", direction);
    if (before_reset >= 0) attr("linear_before_reset", before_reset);
    return run({1, 2}).f;
  };
  // RNN: h_t = tanh(x_t + 0.5 h_{t-1}).
  const double f1 = std::tanh(1.0), f2 = std::tanh(2 + 0.5 * f1);
  expect_near(recurrent("RNN", "forward", {1}, {0.5f}), {float(f1), float(f2)});
  const double b2 = std::tanh(2.0), b1 = std::tanh(1 + 0.5 * b2);  // from the last step back
  expect_near(recurrent("RNN", "reverse", {1}, {0.5f}), {float(b1), float(b2)});
  // Bidirectional: Y is batch x steps x directions x hidden.
  expect_near(recurrent("RNN", "bidirectional", {1, 1}, {0.5f, 0.5f}),
              {float(f1), float(b1), float(f2), float(b2)});
  // GRU (gates z, r, h): W = (0.5, 1, 2), R = (1, 1, 1), the candidate's recurrent bias 0.5,
  // applied inside the reset (linear_before_reset 1) or after it (0).
  for (std::int64_t before : {0, 1}) {
    double h = 0;
    std::vector<double> want;
    for (double x : {1.0, 2.0}) {
      const double z = sig(0.5 * x + h), rs = sig(x + h);
      const double cand = std::tanh(2 * x + (before ? rs * (h + 0.5) : rs * h + 0.5));
      h = (1 - z) * cand + z * h;
      want.push_back(h);
    }
    expect_near(recurrent("GRU", "forward", {0.5f, 1, 2}, {1, 1, 1}, before, {0, 0, 0, 0, 0, 0.5f}),
                want);
  }
  // LSTM (gates i, o, f, c): W = (1, 0.5, -1, 2), R = (0.5, 0.5, 0.5, 0.5), no bias.
  double h = 0, cell = 0;
  std::vector<double> want;
  for (double x : {1.0, 2.0}) {
    const double i = sig(x + 0.5 * h), o = sig(0.5 * x + 0.5 * h), f = sig(-x + 0.5 * h),
                 g = std::tanh(2 * x + 0.5 * h);
    cell = f * cell + i * g;
    h = o * std::tanh(cell);
    want.push_back(h);
  }
  expect_near(recurrent("LSTM", "forward", {1, 0.5f, -1, 2}, {0.5f, 0.5f, 0.5f, 0.5f}), want);
  // Peepholes and custom activations are refused, naming them.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("RNN", {1, 2, 1}, 14);
  floats("W", {1, 1, 1}, {1});
  floats("R", {1, 1, 1}, {1});
  attr("hidden_size", 1);
  attr("layout", 1);
  attr_f("clip", 1);
  EXPECT_NE(error().find("clips its cell"), std::string::npos) << error();
}

// The shape arithmetic, folded at import: Slice with a negative step reverses, Gather takes a
// negative index, Concat, Unsqueeze and Reshape with 0 (copy) and -1 (infer).
TEST_F(OneNode, ShapeArithmeticFolds) {
  make("Reshape", {1, 6});
  // The target shape computed from constants: Concat(Gather(a, [-3]), Slice(a, -1, -100, step -2)).
  onnx::TensorProto* a = g_->add_initializer();
  a->set_name("a");
  a->set_data_type(onnx::TensorProto::INT64);
  a->add_dims(3);
  for (std::int64_t v : {2, 3, 0}) a->add_int64_data(v);
  onnx::NodeProto* gather = g_->add_node();
  gather->set_name("gather");
  gather->set_op_type("Gather");
  gather->add_input("a");
  gather->add_input("idx");
  gather->add_output("first");
  onnx::TensorProto* idx = g_->add_initializer();
  idx->set_name("idx");
  idx->set_data_type(onnx::TensorProto::INT64);
  idx->add_dims(1);
  idx->add_int64_data(-3);
  onnx::NodeProto* slice = g_->add_node();
  slice->set_name("slice");
  slice->set_op_type("Slice");
  for (const char* in : {"a", "starts", "ends", "axes", "steps"}) slice->add_input(in);
  slice->add_output("reversed");
  for (const auto& [name, v] : std::vector<std::pair<std::string, std::int64_t>>{
           {"starts", -1}, {"ends", -100}, {"axes", 0}, {"steps", -2}}) {
    onnx::TensorProto* t = g_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(1);
    t->add_int64_data(v);
  }
  onnx::NodeProto* concat = g_->add_node();
  concat->set_name("concat");
  concat->set_op_type("Concat");
  concat->add_input("first");
  concat->add_input("reversed");
  concat->add_output("shape");
  onnx::AttributeProto* axis = concat->add_attribute();
  axis->set_name("axis");
  axis->set_type(onnx::AttributeProto::INT);
  axis->set_i(0);
  node_->add_input("shape");
  // Gather(a, -3) = [2]; a[-1::-2] = [0, 2]; the shape [2, 0, 2] copies the input's 6: 24
  // elements for 6, refused naming the node.
  EXPECT_NE(error().find("node 'n' (Reshape) cannot reshape [1, 6] to [2, 0, 2]"),
            std::string::npos)
      << error();
  a->set_int64_data(0, 1);  // a = [1, 3, 0]: the shape [1, 0, 1] is [1, 6, 1]
  const Graph g = graph();
  EXPECT_EQ(g.output_shape(), (Shape{1, 6, 1}));
  EXPECT_EQ(g.nodes().size(), 1u) << "Gather, Slice and Concat folded";
}

TEST_F(OneNode, OpsetChangesAreHonoured) {
  // Before opset 13, Softmax flattens from its axis (default 1) into one row.
  make("Softmax", {1, 2, 2}, 11);
  const Tensor y = run({0, 0, 0, 0});
  for (float v : y.f) EXPECT_NEAR(v, 0.25f, 1e-6);
  // Squeeze and Unsqueeze take their axes as an attribute before 13.
  model_.Clear();
  g_ = model_.mutable_graph();
  make("Unsqueeze", {1, 2}, 11);
  attr_ints("axes", {1});
  EXPECT_EQ(graph().output_shape(), (Shape{1, 1, 2}));
}

}  // namespace
}  // namespace cim::test
