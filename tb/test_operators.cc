// SPDX-License-Identifier: Apache-2.0
// The graph reader's operators (nn/src/operators.cc) one by one, on graphs of one node built
// here with hand-worked answers: the element-wise, activation, normalization, broadcasting and
// shape operators, the attributes the fixtures from PyTorch do not exercise (negative steps and
// indices, broadcasting, the opset-dependent forms). The layers: tb/test_layer_operators.cc.
#include <cmath>

#include "one_node.h"

namespace cim::test {
namespace {

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
  add_node("Mul", {"x", "minus_one"}, "minus_x");
  add_node("Where", {"is_two", "x", "minus_x"}, "y");
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
  onnx::AttributeProto* v = add_node("ConstantOfShape", {"dims"}, "int_threes")->add_attribute();
  v->set_name("value");
  v->set_type(onnx::AttributeProto::TENSOR);
  v->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  v->mutable_t()->add_dims(1);
  v->mutable_t()->add_int64_data(3);
  onnx::AttributeProto* to = add_node("Cast", {"int_threes"}, "threes")->add_attribute();
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
