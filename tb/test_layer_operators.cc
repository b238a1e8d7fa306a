// SPDX-License-Identifier: Apache-2.0
// The layer operators one by one, on graphs of one node with hand-worked answers: grouped,
// strided, 1-D and transposed convolutions, auto_pad, ceil_mode, count_include_pad, pooling,
// Pad and Resize in their modes, MatMul as NumPy's, the recurrent layers; and on the digital
// macro, a depthwise convolution, a transposed one and attention's product of two activations.
#include <cmath>

#include "cim/macro_layers.h"
#include "cim/mapper.h"
#include "cim/quantized_network.h"
#include "one_node.h"
#include "testbench.h"

namespace cim::test {
namespace {

TEST_F(OneNode, DepthwiseConvolutionKeepsEachChannelApart) {
  make("Conv", {1, 2, 2, 2});
  floats("w", {2, 1, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0});
  attr("group", 2);
  const Tensor y = run({1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 1}));
  EXPECT_EQ(y.f, (std::vector<float>{1 + 4, 6 + 7}));
}

// A graph of one layer on the digital macro: the examples of x (a row each) quantized and run
// through it, its integers must be the exact product's and its outputs within `relative` (plus
// 0.1) of the float graph's. Returns the MVMs the layer asked of the macro (a weight matrix each).
class OneNodeOnTheMacro : public OneNode {
 protected:
  int expect_exact_on_the_macro(const Graph& g, const QuantizedNetwork& q, const RealMatrix& x,
                                double relative) {
    int mvms = 0;
    Testbench tb("digital", MacroSetup{Params{64, 16, 8, 8, 1}, {}});
    const Inference golden =
        infer(q, x, [](int, const IntMatrix& in, const IntMatrix& w) { return multiply(in, w); });
    const Inference macro = infer(q, x, [&](int l, const IntMatrix& in, const IntMatrix& w) {
      ++mvms;
      return Mapper(tb.drv(), layer_precision(q, l)).run(w, in);
    });
    EXPECT_EQ(macro.accumulators, golden.accumulators);
    for (int r = 0; r < x.rows(); ++r) {
      std::vector<float> ex;
      for (int c = 0; c < x.cols(); ++c) ex.push_back(float(x.at(r, c)));
      const Tensor want = g.run(ex);
      for (std::size_t k = 0; k < want.f.size(); ++k) {
        EXPECT_NEAR(golden.logits[std::size_t(r)][k], want.f[k],
                    relative * std::fabs(want.f[k]) + 0.1)
            << "example " << r << " output " << k;
      }
    }
    return mvms;
  }
};

// Examples of small whole numbers, (7 r + 3 c) mod 11 less `shift`, a row each.
RealMatrix small_numbers(int rows, int cols, int shift = 0) {
  RealMatrix x(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) x.at(r, c) = double((r * 7 + c * 3) % 11 - shift);
  }
  return x;
}

// On the macros: one block-diagonal matrix, half of it structurally zero, the same integers on
// the digital macro as the exact product.
TEST_F(OneNodeOnTheMacro, DepthwiseConvolutionIsBlockDiagonal) {
  make("Conv", {1, 2, 3, 3});
  floats("w", {2, 1, 2, 2}, {1, -1, 2, 0.5f, -1, 1, 0.25f, 2});
  attr("group", 2);
  const Graph g = graph();
  const RealMatrix x = small_numbers(4, 18);
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  EXPECT_DOUBLE_EQ(q.layers[0].utilisation, 0.5);
  EXPECT_EQ(q.layers[0].positions, 4);
  for (int k = 4; k < 8; ++k)
    EXPECT_EQ(q.layers[0].weight.at(k, 0), 0) << "channel 1's rows in channel 0's column";
  expect_exact_on_the_macro(g, q, x, 0.01);
}

// Attention's product of two activations on the macro: for each example and each head (a batch
// dimension), the right operand quantized per tensor and written as the weights, the left one
// streamed through it. Q K^T of x = [1, 2, 2, 2] (2 heads of 2 x 2) by its own transpose: the
// macro's integers are the exact ones, the outputs within quantization of the float product.
TEST_F(OneNodeOnTheMacro, ProductOfTwoActivationsWritesItsWeightsAtRunTime) {
  self_product({1, 2, 2, 2}, {0, 1, 3, 2});
  const Graph g = graph();
  const RealMatrix x = small_numbers(3, 8, 5);  // signed
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  const QuantizedLayer& ql = q.layers[0];
  EXPECT_TRUE(ql.run_time_weights);
  EXPECT_EQ(ql.slices, 2);
  EXPECT_EQ(ql.positions, 4);  // 2 heads x 2 rows
  EXPECT_TRUE(ql.input_signed);
  // A matrix written an example and head.
  EXPECT_EQ(expect_exact_on_the_macro(g, q, x, 0.02), 3 * 2);
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

// MatMul as NumPy's: a product of two activations (attention's Q K^T) in the periphery, a
// constant matrix on the macros, a 1-D operand dropped from the result, batch dimensions.
TEST_F(OneNode, MatMulOfTwoActivationsAndBatches) {
  // x x^T for x = [[1, 2, 3], [4, 5, 6]] (after the batch of 1).
  self_product({1, 2, 3}, {0, 2, 1});
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
  const RealMatrix x = small_numbers(4, 8);
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  EXPECT_EQ(q.layers[0].positions, 9);
  EXPECT_EQ(q.layers[0].weight.rows(), 8);  // C_in x kh x kw
  expect_exact_on_the_macro(g, q, x, 0.01);
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

}  // namespace
}  // namespace cim::test
