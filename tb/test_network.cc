// SPDX-License-Identifier: Apache-2.0
// Networks (runtime/): training, ONNX in and out, quantization, and the digits classifier on every
// exact backend with logits equal to the quantized golden model's, bit for bit.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "cim/array_file.h"
#include "cim/dataset.h"
#include "cim/graph.h"
#include "cim/macro_layers.h"
#include "cim/mapper.h"
#include "cim/network_run.h"
#include "cim/quantized_network.h"
#include "cim/train.h"
#include "onnx_chain.h"
#include "testbench.h"

namespace cim::test {
namespace {

namespace fs = std::filesystem;

const Split& digits() {
  static const Split s = stratified_split(read_dataset(CIM_DIGITS_CSV), kTestFraction, kSplitSeed);
  return s;
}

// A small classifier, trained once for the whole test binary.
const Network& digits_net() {
  static const Network net = [] {
    TrainOptions o;
    o.hidden = 16;
    o.epochs = 30;
    return train_perceptron(digits().train, o);
  }();
  return net;
}

double accuracy(const std::vector<int>& predicted, const std::vector<int>& labels) {
  int hits = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) hits += predicted[i] == labels[i];
  return 100.0 * hits / double(labels.size());
}

TEST(Dataset, SplitIsStratifiedSeededAndDisjoint) {
  const Dataset all = read_dataset(CIM_DIGITS_CSV);
  ASSERT_EQ(all.size(), 1797);
  ASSERT_EQ(all.inputs.cols(), 64);
  const Split& s = digits();
  EXPECT_EQ(s.train.size() + s.test.size(), all.size());
  for (int c = 0; c < 10; ++c) {
    const auto count = [c](const Dataset& d) {
      return std::count(d.labels.begin(), d.labels.end(), c);
    };
    EXPECT_EQ(count(s.test), std::lround(0.2 * double(count(all)))) << "class " << c;
  }
  const Split again = stratified_split(all, kTestFraction, kSplitSeed);
  EXPECT_EQ(again.test.inputs, s.test.inputs);
  EXPECT_NE(stratified_split(all, kTestFraction, 2).test.inputs, s.test.inputs);
}

// The same data as an inputs file and a labels file (a 1-D .npy, or a column), as NumPy users
// keep them; counts that differ are refused naming the file.
TEST(Dataset, ReadsInputsAndLabelsFromAPair) {
  const fs::path dir = fs::temp_directory_path() / ("cim_pair_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const Dataset all = read_dataset(CIM_DIGITS_CSV);
  IntMatrix labels_row(1, all.size()), labels_col(all.size(), 1);
  for (int i = 0; i < all.size(); ++i)
    labels_row.at(0, i) = labels_col.at(i, 0) = all.labels[std::size_t(i)];
  IntMatrix pixels(all.inputs.rows(), all.inputs.cols());  // the digits' pixels are whole numbers
  for (int r = 0; r < pixels.rows(); ++r) {
    for (int c = 0; c < pixels.cols(); ++c) pixels.at(r, c) = std::int64_t(all.inputs.at(r, c));
  }
  write_array((dir / "x.npy").string(), pixels);
  write_array((dir / "y.npy").string(), labels_row);
  write_array((dir / "y.csv").string(), labels_col);
  for (const char* labels : {"y.npy", "y.csv"}) {
    const Dataset d = read_dataset((dir / "x.npy").string(), (dir / labels).string());
    EXPECT_EQ(d.inputs, all.inputs) << labels;
    EXPECT_EQ(d.labels, all.labels) << labels;
  }
  write_array((dir / "short.csv").string(), IntMatrix(3, 1));
  EXPECT_THROW(read_dataset((dir / "x.npy").string(), (dir / "short.csv").string()), InputError);
  fs::remove_all(dir);
}

// Real-valued features (standardized, as scikit-learn's StandardScaler leaves them) read as they
// are; a label must still be a class number.
TEST(Dataset, ReadsRealValuedFeatures) {
  const fs::path dir = fs::temp_directory_path() / ("cim_real_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "wine.csv") << "-0.214163,1.5e-2,0\n0.5,-2.25,2\n";
  const Dataset d = read_dataset((dir / "wine.csv").string());
  EXPECT_DOUBLE_EQ(d.inputs.at(0, 0), -0.214163);
  EXPECT_DOUBLE_EQ(d.inputs.at(1, 1), -2.25);
  EXPECT_EQ(d.labels, (std::vector<int>{0, 2}));
  std::ofstream(dir / "bad.csv") << "0.1,0.2,1.5\n";
  try {
    read_dataset((dir / "bad.csv").string());
    ADD_FAILURE() << "a label of 1.5 taken";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("example 1: label 1.5 is not a class number"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

TEST(Train, LearnsTheDigitsAndIsReproducible) {
  const Network& net = digits_net();
  EXPECT_GT(accuracy(float_predictions(net, digits().test.inputs), digits().test.labels), 90.0);
  TrainOptions o;
  o.hidden = 16;
  o.epochs = 30;
  EXPECT_EQ(train_perceptron(digits().train, o).layers[0].weight, net.layers[0].weight);
  o.seed = 2;
  EXPECT_NE(train_perceptron(digits().train, o).layers[0].weight, net.layers[0].weight);
}

// The CNN (cimsim train --arch cnn): learns the digits in a few epochs, its BatchNorms folded into
// convolutions the graph reader runs, and the same seed the same network.
TEST(Train, CnnLearnsTheDigits) {
  TrainOptions o;
  o.arch = "cnn";
  o.epochs = 20;
  const Network net = train_perceptron(digits().train, o);
  ASSERT_EQ(net.convs.size(), 2u);
  EXPECT_EQ(net.image, 8);
  EXPECT_EQ(net.layers.front().inputs, 16 * 4 * 4);
  EXPECT_GT(accuracy(float_predictions(net, digits().test.inputs), digits().test.labels), 96.0);
  const Graph g = to_graph(net);
  EXPECT_EQ(macro_layers(g), 3);
  EXPECT_EQ(train_perceptron(digits().train, o).convs[1].weight, net.convs[1].weight);
  TrainOptions bad = o;
  RealMatrix wide(2, 63);
  EXPECT_THROW(train_perceptron(Dataset{wide, {0, 1}}, bad), std::invalid_argument);
}

// The residual network (cimsim train --arch resnet): its block's Add and the global average pool
// written as ONNX the graph reader runs, and it learns.
TEST(Train, ResNetLearnsTheDigits) {
  TrainOptions o;
  o.arch = "resnet";
  o.epochs = 30;
  o.channels = 8;
  const Network net = train_perceptron(digits().train, o);
  ASSERT_EQ(net.convs.size(), 3u);
  EXPECT_EQ(net.convs[2].add_from, 0);
  EXPECT_TRUE(net.global_pool);
  const Graph g = to_graph(net);
  EXPECT_EQ(macro_layers(g), 4);
  int adds = 0;
  for (const GraphNode& n : g.nodes()) adds += n.op == "Add";
  EXPECT_EQ(adds, 1);
  const double acc = accuracy(float_predictions(net, digits().test.inputs), digits().test.labels);
  std::cout << "resnet, 8 channels, 30 epochs: " << acc << " %\n";
  EXPECT_GT(acc, 90.0);
}

TEST(Train, NoiseAwareAndQuantizationAwareStillLearn) {
  TrainOptions o;
  o.hidden = 16;
  o.epochs = 30;
  o.weight_noise = 0.05;
  o.quantize_wbits = 4;
  const Network net = train_perceptron(digits().train, o);
  EXPECT_GT(accuracy(float_predictions(net, digits().test.inputs), digits().test.labels), 85.0);
}

// A scratch folder per test.
class OnnxFile : public ::testing::Test {
 protected:
  fs::path dir_ =
      fs::temp_directory_path() / ("cim_onnx_" + std::to_string(::getpid()) + "_" + test_name());
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The message read_onnx throws, without the folder.
  std::string error(const std::string& file) const {
    try {
      read_onnx(file);
    } catch (const InputError& e) {
      const std::string m = e.what(), prefix = dir_.string() + "/";
      return m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m;
    }
    return "no error";
  }
};

TEST_F(OnnxFile, WriteThenReadGivesTheSameNetwork) {
  const Network& net = digits_net();
  write_onnx(net, path("m.onnx"));
  const Network back = read_onnx(path("m.onnx"));
  ASSERT_EQ(back.layers.size(), net.layers.size());
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    EXPECT_EQ(back.layers[l].weight, net.layers[l].weight);
    EXPECT_EQ(back.layers[l].bias, net.layers[l].bias);
    EXPECT_EQ(back.layers[l].relu, net.layers[l].relu);
  }
}

// Graphs built by hand the way other exporters write them: Flatten, MatMul + Add (bias either
// side), Gemm without transB; and graphs this project cannot run, each named.
class OnnxGraph : public OnnxFile {
 protected:
  onnx::ModelProto model_;
  onnx::GraphProto* g_ = model_.mutable_graph();
  std::string current_ = "x";

  OnnxGraph() {
    model_.set_ir_version(8);
    model_.add_opset_import()->set_version(13);
    g_->set_name("g");
    value(g_->add_input(), "x", 4);
  }
  static void value(onnx::ValueInfoProto* v, const std::string& name, int width) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    t->mutable_shape()->add_dim()->set_dim_value(1);
    t->mutable_shape()->add_dim()->set_dim_value(width);
  }
  void init(const std::string& name, std::vector<std::int64_t> dims, float first = 1.0f,
            int type = onnx::TensorProto::FLOAT) {
    onnx::TensorProto* t = g_->add_initializer();
    t->set_name(name);
    t->set_data_type(type);
    std::int64_t n = 1;
    for (std::int64_t d : dims) {
      t->add_dims(d);
      n *= d;
    }
    for (std::int64_t i = 0; i < n; ++i) {
      if (type == onnx::TensorProto::FLOAT)
        t->add_float_data(first + float(i));
      else
        t->add_double_data(first + double(i));
    }
  }
  onnx::NodeProto* node(const std::string& op, std::vector<std::string> extra = {}) {
    onnx::NodeProto* n = g_->add_node();
    n->set_name("n" + std::to_string(g_->node_size()) + "_" + op);
    n->set_op_type(op);
    n->add_input(current_);
    for (const std::string& e : extra) n->add_input(e);
    current_ = n->name() + "_out";
    n->add_output(current_);
    return n;
  }
  std::string save(int outputs) {
    value(g_->add_output(), current_, outputs);
    const std::string file = path("g.onnx");
    std::ofstream(file, std::ios::binary) << model_.SerializeAsString();
    return file;
  }
};

TEST_F(OnnxGraph, ReadsFlattenMatMulAddAndGemm) {
  node("Flatten");
  init("w1", {4, 3});
  init("b1", {3}, 10.0f);
  node("MatMul", {"w1"});
  const std::string product = current_;
  onnx::NodeProto* add = node("Add");
  add->set_input(0, "b1");  // the bias first
  add->add_input(product);
  node("Relu");
  init("w2", {3, 2});
  node("Gemm", {"w2"});
  const Network net = read_onnx(save(2));
  ASSERT_EQ(net.layers.size(), 2u);
  EXPECT_EQ(net.layers[0].inputs, 4);
  EXPECT_EQ(net.layers[0].outputs, 3);
  EXPECT_FLOAT_EQ(net.layers[0].w(1, 0), 2.0f);  // W[k=0][n=1] of the [K, N] initializer
  EXPECT_FLOAT_EQ(net.layers[0].bias[2], 12.0f);
  EXPECT_TRUE(net.layers[0].relu);
  EXPECT_FALSE(net.layers[1].relu);
  const std::vector<float> y = net.forward({1, 0, 0, 0});
  // layer 0: (1, 2, 3) + (10, 11, 12) = (11, 13, 15); layer 1: [11 13 15] x [[1 2] [3 4] [5 6]].
  EXPECT_FLOAT_EQ(y[0], 11 * 1 + 13 * 3 + 15 * 5);
  EXPECT_FLOAT_EQ(y[1], 11 * 2 + 13 * 4 + 15 * 6);
}

TEST_F(OnnxGraph, RefusesWhatItCannotRunNamingTheNode) {
  EXPECT_EQ(error(path("none.onnx")), "none.onnx: cannot open (No such file or directory)");
  std::ofstream(path("text.onnx")) << "this is not a model\n";
  EXPECT_EQ(error(path("text.onnx")), "text.onnx: not an ONNX model");

  init("w", {4, 3});
  node("Einsum", {"w"});
  EXPECT_EQ(error(save(3)).rfind(
                "g.onnx: node 'n1_Einsum' (Einsum) is not supported (supported: Add, ", 0),
            0u);
}

// A graph the reader takes but that is not a dense chain: the node is named, and so is what runs.
TEST_F(OnnxFile, RefusesAConvolutionNamingTheNode) {
  const std::string cnn = std::string(CIM_FIXTURES) + "/torch-onnx/cnn.torchscript.onnx";
  try {
    read_onnx(cnn);
    ADD_FAILURE() << "a CNN read as a perceptron";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("(Conv) is not part of a dense chain"), std::string::npos)
        << e.what();
  }
}

// PyTorch's perceptrons from both exporters read as the same network, the input's `x / 16`
// folded into the first layer, the Softmax left out of the logits.
TEST_F(OnnxFile, ReadsTorchExportsOfAPerceptron) {
  const std::string dir = std::string(CIM_FIXTURES) + "/torch-onnx/";
  const Network ts = read_onnx(dir + "mlp.torchscript.onnx");
  const Network dyn = read_onnx(dir + "mlp.dynamo.onnx");
  const Network soft = read_onnx(dir + "mlp_softmax.dynamo.onnx");
  ASSERT_EQ(ts.layers.size(), 2u);
  EXPECT_EQ(ts.inputs(), 64);
  EXPECT_EQ(ts.outputs(), 10);
  EXPECT_TRUE(ts.layers[0].relu);
  EXPECT_EQ(ts.layers[0].weight, dyn.layers[0].weight);
  EXPECT_EQ(ts.layers[1].bias, dyn.layers[1].bias);
  EXPECT_EQ(soft.layers.size(), 2u);
  const Graph g = read_onnx_graph(dir + "mlp.dynamo.onnx");
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i) x[std::size_t(i)] = float(i % 17);
  const std::vector<float> y = ts.forward(x);
  const Tensor want = g.run(x);
  for (int o = 0; o < 10; ++o)
    EXPECT_NEAR(y[std::size_t(o)], want.f[std::size_t(o)],
                1e-5 * (1 + std::fabs(want.f[std::size_t(o)])));
}

TEST_F(OnnxGraph, RefusesLayersWhoseShapesDoNotChain) {
  init("w1", {4, 3});
  node("MatMul", {"w1"});
  init("w2", {5, 2});
  node("MatMul", {"w2"});
  EXPECT_EQ(error(save(2)), "g.onnx: node 'n2_MatMul' (MatMul) multiplies [1, 3] by [5, 2]");
}

TEST_F(OnnxGraph, RefusesNonFloatWeights) {
  init("w", {4, 3}, 1.0f, onnx::TensorProto::DOUBLE);
  node("MatMul", {"w"});
  EXPECT_EQ(error(save(3)),
            "g.onnx: initializer 'w' has data type 11 (float, int32, int64 or bool here; export "
            "float32 weights)");
}

// A Gemm whose input is transposed (transA = 1: a K x 1 column) runs on the macros as the same
// product: the quantized output within 1 % of the float one (a wrong transposition is far off).
TEST_F(OnnxGraph, GemmOfATransposedInputRunsOnTheMacros) {
  node("Transpose");
  init("w", {4, 3}, 0.5f);
  onnx::NodeProto* n = node("Gemm", {"w"});
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name("transA");
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(1);
  const Graph g = read_onnx_graph(save(3));
  RealMatrix x(3, 4);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 4; ++c) x.at(r, c) = double(r + c);
  }
  const QuantizedNetwork q = quantize(g, x, 8, 8);
  ASSERT_EQ(q.layers.size(), 1u);
  const Inference y =
      infer(q, x, [](int, const IntMatrix& in, const IntMatrix& w) { return multiply(in, w); });
  for (int r = 0; r < 3; ++r) {
    const Tensor want = g.run({float(r), float(r + 1), float(r + 2), float(r + 3)});
    for (int o = 0; o < 3; ++o) {
      const double f = want.f[std::size_t(o)];
      EXPECT_NEAR(y.logits[std::size_t(r)][std::size_t(o)], f, 0.01 * std::fabs(f) + 0.1)
          << r << " " << o;
    }
  }
}

// Gemm's alpha scales the product and beta the bias: both folded into the layer.
TEST_F(OnnxGraph, FoldsGemmsAlphaAndBeta) {
  init("w", {4, 3});
  init("c", {3}, 10.0f);
  onnx::NodeProto* n = node("Gemm", {"w", "c"});
  for (const auto& [name, v] : {std::pair{"alpha", 2.0f}, std::pair{"beta", 0.5f}}) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
  }
  const Network net = read_onnx(save(3));
  EXPECT_FLOAT_EQ(net.layers[0].w(1, 0), 4.0f);  // 2 x W[k=0][n=1]
  EXPECT_FLOAT_EQ(net.layers[0].bias[2], 6.0f);  // 0.5 x 12
}

// Weight bit flips on a quantized network: none at rate 0; at rate 1 every wbits-bit pattern
// inverted (w -> -w - 1 in two's complement); the same seed the same flips.
TEST(Quantize, WeightBitFlips) {
  QuantizedNetwork q;
  q.wbits = 4;
  q.layers.resize(2);
  q.layers[0].weight = IntMatrix(3, 2);
  q.layers[1].weight = IntMatrix(2, 5);
  for (QuantizedLayer& l : q.layers) {
    for (int r = 0; r < l.weight.rows(); ++r) {
      for (int c = 0; c < l.weight.cols(); ++c) l.weight.at(r, c) = (r * 5 + c * 3) % 15 - 7;
    }
  }
  EXPECT_EQ(with_weight_bit_flips(q, 0.0, 1).layers[1].weight, q.layers[1].weight);
  const QuantizedNetwork all = with_weight_bit_flips(q, 1.0, 1);
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    for (int r = 0; r < q.layers[l].weight.rows(); ++r) {
      for (int c = 0; c < q.layers[l].weight.cols(); ++c) {
        EXPECT_EQ(all.layers[l].weight.at(r, c), -q.layers[l].weight.at(r, c) - 1);
      }
    }
  }
  const QuantizedNetwork some = with_weight_bit_flips(q, 0.3, 9);
  EXPECT_EQ(some.layers[0].weight, with_weight_bit_flips(q, 0.3, 9).layers[0].weight);
  EXPECT_NE(some.layers[0].weight.values(), q.layers[0].weight.values());
}

TEST(Quantize, PerChannelSymmetricWeightsAndCalibratedActivations) {
  const Network& net = digits_net();
  const QuantizedNetwork q = quantize(net, digits().train.inputs, 8, 8);
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const QuantizedLayer& ql = q.layers[l];
    EXPECT_FALSE(ql.input_signed) << "pixels and ReLU outputs are never negative";
    for (int n = 0; n < ql.weight.cols(); ++n) {
      std::int64_t largest = 0;
      for (int k = 0; k < ql.weight.rows(); ++k) {
        largest = std::max(largest, std::abs(ql.weight.at(k, n)));
        EXPECT_LE(std::fabs(double(ql.weight.at(k, n)) * ql.weight_scale[std::size_t(n)] -
                            double(net.layers[l].w(n, k))),
                  ql.weight_scale[std::size_t(n)] / 2 + 1e-7);
      }
      EXPECT_EQ(largest, 127) << "each channel's largest weight takes the top code";
    }
  }
  EXPECT_DOUBLE_EQ(q.layers[0].input_scale, 16.0 / 255.0) << "pixels 0..16 over 8 unsigned bits";
}

// The first `examples` of the digits test split through `q` on the exact product (the quantized
// golden model) and on the testbench's macro through the mapper.
std::pair<Inference, Inference> golden_and_macro(const QuantizedNetwork& q, Testbench& tb,
                                                 int examples) {
  std::vector<int> first(static_cast<std::size_t>(examples));
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = int(i);
  const Dataset data = digits().test.subset(first);
  Inference golden = infer(
      q, data.inputs, [](int, const IntMatrix& x, const IntMatrix& w) { return multiply(x, w); });
  Inference macro = infer(q, data.inputs, [&](int l, const IntMatrix& x, const IntMatrix& w) {
    return Mapper(tb.drv(), layer_precision(q, l)).run(w, x);
  });
  return {std::move(golden), std::move(macro)};
}

// The digits classifier on every exact backend: every layer's integer results, hence the logits,
// equal the quantized golden model's bit for bit, and the accuracy is the quantized golden one.
class Network8 : public ::testing::TestWithParam<BackendCase> {};

TEST_P(Network8, DigitsLogitsEqualTheQuantizedGolden) {
  const Params& p = GetParam().setup.params;
  if (p.wbits < 2) GTEST_SKIP() << "signed weights need WBITS >= 2";
  Testbench tb(GetParam().backend, GetParam().setup);
  const QuantizedNetwork q =
      quantize(digits_net(), digits().train.inputs, std::min(8, p.abits), p.wbits);
  // Enough examples for every tile to see traffic, few enough for the 2-row macros.
  const auto [golden, macro] = golden_and_macro(q, tb, p.rows * p.cols >= 64 ? 100 : 12);
  EXPECT_EQ(macro.accumulators, golden.accumulators);
  EXPECT_EQ(macro.logits, golden.logits);
  EXPECT_EQ(macro.predictions, golden.predictions);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, Network8, ::testing::ValuesIn(exact_backend_cases()),
                         backend_case_name);

const std::string kTorch = std::string(CIM_FIXTURES) + "/torch-onnx/";

// PyTorch's CNN (Conv, ReLU, MaxPool, Conv, ReLU, Flatten, Gemm; tb/fixtures/torch-onnx/) on every
// exact backend: each convolution lowered by im2col, every position an MVM through the mapper,
// every layer's integers and the logits equal to the quantized golden model's.
class TorchCnn : public ::testing::TestWithParam<BackendCase> {};

TEST_P(TorchCnn, ConvolutionsOnTheMacroEqualTheQuantizedGolden) {
  const Params& p = GetParam().setup.params;
  if (p.wbits < 2) GTEST_SKIP() << "signed weights need WBITS >= 2";
  Testbench tb(GetParam().backend, GetParam().setup);
  const QuantizedNetwork q = quantize(read_onnx_graph(kTorch + "cnn.dynamo.onnx"),
                                      digits().train.inputs, std::min(8, p.abits), p.wbits);
  const int examples = p.rows * p.cols >= 64 ? 6 : 1;
  const auto [golden, macro] = golden_and_macro(q, tb, examples);
  ASSERT_EQ(golden.accumulators.size(), 3u);
  EXPECT_EQ(golden.accumulators[0].rows(), 64 * examples) << "one MVM a position of the 8x8 image";
  EXPECT_EQ(macro.accumulators, golden.accumulators);
  EXPECT_EQ(macro.logits, golden.logits);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, TorchCnn, ::testing::ValuesIn(exact_backend_cases()),
                         backend_case_name);

// An array of macros (cim/network_run.h): the CNN's seven weight tiles spread over instances on
// two threads, the logits bit-exact however they are spread; fewer instances than tiles reload
// every pass (and count it), as many or more hold every tile from the first pass on, the spare
// ones as replicas that share the rows.
TEST(MacroArray, SpreadsTilesBitExactAndCountsReloads) {
  const QuantizedNetwork q =
      quantize(read_onnx_graph(kTorch + "cnn.dynamo.onnx"), digits().train.inputs, 8, 8);
  std::vector<int> first(12);
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = int(i);
  const Dataset data = digits().test.subset(first);
  NetPlacement place;
  place.layer_backend.assign(q.layers.size(), "digital");
  place.setups["digital"] = MacroSetup{Params{64, 16, 8, 8, 1}, {}};
  place.jobs = 2;
  place.batch = 4;  // three passes
  std::map<int, DataMovement> moved;
  for (int macros : {1, 3, 7, 16}) {
    place.macros = macros;
    const NetRun r = run_net(q, data, place);
    ASSERT_TRUE(r.mismatch.empty()) << r.mismatch;
    EXPECT_TRUE(r.bit_exact()) << macros << " macros";
    EXPECT_EQ(r.macro.accumulators, r.golden.accumulators) << macros << " macros";
    moved[macros] = r.total();
  }
  EXPECT_EQ(moved[1].tiles, 3u * 7u) << "one macro loads every tile every pass";
  EXPECT_EQ(moved[1].reloads, 2u * 7u);
  EXPECT_GT(moved[3].reloads, 0u);
  EXPECT_GT(moved[3].reload_cycles, 0u);
  EXPECT_EQ(moved[7].tiles, 7u) << "seven macros hold the seven tiles from the first pass on";
  EXPECT_EQ(moved[7].reloads, 0u);
  EXPECT_EQ(moved[16].tiles, 14u) << "16 macros: each tile on two, each streaming half the rows";
  EXPECT_EQ(moved[16].reloads, 0u);
  for (int macros : {3, 7, 16}) EXPECT_EQ(moved[macros].requests, moved[1].requests) << macros;
}

// Every fixture model at 8 bits (the exact product: what every exact backend gives, above): within
// 1 point of its float accuracy on the digits test split, and both exporters' files the same.
TEST(TorchExport8, WithinAPointOfFloatAndBothExportersAgree) {
  for (const char* model : {"mlp", "mlp_softmax", "cnn", "resnet"}) {
    std::vector<Inference> runs;
    for (const char* exporter : {"torchscript", "dynamo"}) {
      const Graph g = read_onnx_graph(kTorch + model + "." + exporter + ".onnx");
      const QuantizedNetwork q = quantize(g, digits().train.inputs, 8, 8);
      runs.push_back(
          infer(q, digits().test.inputs,
                [](int, const IntMatrix& x, const IntMatrix& w) { return multiply(x, w); }));
      const double float_acc =
          accuracy(float_predictions(g, digits().test.inputs), digits().test.labels);
      const double q_acc = accuracy(runs.back().predictions, digits().test.labels);
      EXPECT_GE(q_acc, float_acc - 1.0) << model << "." << exporter;
      EXPECT_GT(float_acc, 95.0) << model << "." << exporter;
    }
    EXPECT_EQ(runs[0].predictions, runs[1].predictions) << model;
    for (std::size_t e = 0; e < runs[0].logits.size(); ++e) {
      for (std::size_t c = 0; c < runs[0].logits[e].size(); ++c) {
        EXPECT_NEAR(runs[0].logits[e][c], runs[1].logits[e][c],
                    1e-4 * (1 + std::fabs(runs[0].logits[e][c])))
            << model;
      }
    }
  }
}

}  // namespace
}  // namespace cim::test
