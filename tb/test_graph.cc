// SPDX-License-Identifier: Apache-2.0
// The ONNX graph reader (cim/graph.h) on files PyTorch's own exporters wrote (tb/fixtures/
// torch-onnx/: both exporters, a perceptron, one with a Softmax, a CNN, a ResNet block): its float
// reference against onnxruntime's outputs, and the files it must refuse, each named.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "testbench.h"

namespace cim::test {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(CIM_FIXTURES) / "torch-onnx";

std::vector<std::string> fixture_models() {
  std::vector<std::string> v;
  for (const char* model : {"mlp", "mlp_softmax", "cnn", "resnet"}) {
    for (const char* exporter : {"torchscript", "dynamo"})
      v.push_back(std::string(model) + "." + exporter);
  }
  return v;
}

// The largest difference of g's outputs on the rows of x from `want` (another tool's outputs on
// them), relative to each row's largest magnitude.
double worst_relative_error(const Graph& g, const RealMatrix& x, const RealMatrix& want) {
  EXPECT_EQ(x.rows(), want.rows());
  double worst = 0;
  for (int r = 0; r < x.rows() && r < want.rows(); ++r) {
    std::vector<float> example(x.values().begin() + std::ptrdiff_t(r) * x.cols(),
                               x.values().begin() + std::ptrdiff_t(r + 1) * x.cols());
    const Tensor y = g.run(example);
    EXPECT_EQ(y.size(), want.cols());
    double scale = 0;
    for (int c = 0; c < want.cols(); ++c) scale = std::max(scale, std::fabs(want.at(r, c)));
    for (int c = 0; c < want.cols() && c < y.size(); ++c) {
      worst = std::max(
          worst, std::fabs(double(y.f[std::size_t(c)]) - want.at(r, c)) / std::max(scale, 1e-30));
    }
  }
  return worst;
}

// The same against onnxruntime's outputs for the fixture's probe inputs.
double worst_relative_error(const Graph& g, const std::string& model) {
  return worst_relative_error(
      g, read_real_array((kFixtures / "probe_inputs.npy").string()),
      read_real_array((kFixtures / (model + ".probe_logits.npy")).string()));
}

class TorchExport : public ::testing::TestWithParam<std::string> {};

TEST_P(TorchExport, FloatReferenceEqualsOnnxRuntime) {
  const Graph g = read_onnx_graph((kFixtures / (GetParam() + ".onnx")).string());
  EXPECT_EQ(g.input_shape(), (Shape{1, 64}));
  EXPECT_EQ(g.output_shape(), (Shape{1, 10}));
  const double worst = worst_relative_error(g, GetParam());
  std::cout << GetParam() << ": largest difference from onnxruntime " << worst
            << " of the row's largest output\n";
  EXPECT_LT(worst, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TorchExport, ::testing::ValuesIn(fixture_models()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

// What the folding leaves: the TorchScript exporter's shape arithmetic (Shape, Slice, Concat,
// Reshape) and Constants are gone, the computation stays, and both exporters agree.
TEST(TorchExportGraph, ShapeArithmeticFoldsAway) {
  const Graph ts = read_onnx_graph((kFixtures / "cnn.torchscript.onnx").string());
  const Graph dyn = read_onnx_graph((kFixtures / "cnn.dynamo.onnx").string());
  for (const Graph* g : {&ts, &dyn}) {
    std::vector<std::string> ops;
    for (const GraphNode& n : g->nodes()) {
      if (n.op != "Reshape" && n.op != "Flatten") ops.push_back(n.op);
      for (const char* folded :
           {"Shape", "Slice", "Concat", "Constant", "Mod", "Gather", "Unsqueeze"}) {
        EXPECT_NE(n.op, folded) << g->path();
      }
    }
    EXPECT_EQ(ops,
              (std::vector<std::string>{"Div", "Conv", "Relu", "MaxPool", "Conv", "Relu", "Gemm"}))
        << g->path();
  }
  EXPECT_EQ(ts.ir_version(), 8);
  EXPECT_EQ(dyn.ir_version(), 10);
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i) x[std::size_t(i)] = float((i * 7) % 17);
  const Tensor a = ts.run(x), b = dyn.run(x);
  for (std::size_t k = 0; k < a.f.size(); ++k)
    EXPECT_NEAR(a.f[k], b.f[k], 1e-4 * (1 + std::fabs(a.f[k])));
}

// A scratch folder with a copy of a fixture, to break.
class BadGraph : public ::testing::Test {
 protected:
  fs::path dir_ =
      fs::temp_directory_path() / ("cim_graph_" + std::to_string(::getpid()) + "_" + test_name());
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  onnx::ModelProto load(const std::string& model) const {
    onnx::ModelProto m;
    std::ifstream f(kFixtures / (model + ".onnx"), std::ios::binary);
    EXPECT_TRUE(m.ParseFromIstream(&f));
    return m;
  }
  std::string save(const onnx::ModelProto& m, const std::string& name = "m.onnx") const {
    std::ofstream(dir_ / name, std::ios::binary) << m.SerializeAsString();
    return (dir_ / name).string();
  }
  void copy_data(const std::string& model, std::size_t keep = std::string::npos) const {
    std::ifstream in(kFixtures / (model + ".onnx.data"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir_ / (model + ".onnx.data"), std::ios::binary) << bytes.substr(0, keep);
  }
  // The message, without the folder.
  std::string error(const std::string& file) const {
    try {
      read_onnx_graph(file);
    } catch (const InputError& e) {
      const std::string m = e.what(), prefix = dir_.string() + "/";
      return m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m;
    }
    return "no error";
  }
};

TEST_F(BadGraph, ExternalDataMissingTruncatedOrOutsideTheFolder) {
  onnx::ModelProto m = load("mlp.dynamo");
  const std::string path = save(m);
  EXPECT_NE(error(path).find("external data file 'mlp.dynamo.onnx.data' cannot be read"),
            std::string::npos)
      << error(path);
  copy_data("mlp.dynamo", 1000);
  EXPECT_NE(error(path).find("does not hold its"), std::string::npos) << error(path);
  copy_data("mlp.dynamo");
  EXPECT_EQ(error(path), "no error");
  for (const char* where : {"../mlp.dynamo.onnx.data", "/etc/passwd"}) {
    onnx::ModelProto bad = m;
    for (onnx::TensorProto& t : *bad.mutable_graph()->mutable_initializer()) {
      for (auto& e : *t.mutable_external_data()) {
        if (e.key() == "location") e.set_value(where);
      }
    }
    const std::string msg = error(save(bad, "bad.onnx"));
    EXPECT_TRUE(msg.find("leaves the model's folder") != std::string::npos ||
                msg.find("is an absolute path") != std::string::npos)
        << msg;
  }
}

TEST_F(BadGraph, VersionsOutsideWhatItChecksAreRefused) {
  onnx::ModelProto m = load("mlp.torchscript");
  m.set_ir_version(11);
  EXPECT_EQ(error(save(m)), "m.onnx: has IR version 11 (this reader takes 3 to 10)");
  m = load("mlp.torchscript");
  m.mutable_opset_import(0)->set_version(22);
  EXPECT_EQ(error(save(m)), "m.onnx: uses opset 22 (this reader takes 9 to 21)");
}

TEST_F(BadGraph, NodesItCannotRunAreNamed) {
  onnx::ModelProto m = load("mlp.torchscript");
  onnx::NodeProto* relu = nullptr;
  onnx::NodeProto* gemm = nullptr;
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node()) {
    if (n.op_type() == "Relu") relu = &n;
    if (n.op_type() == "Gemm" && !gemm) gemm = &n;
  }
  ASSERT_NE(relu, nullptr);
  ASSERT_NE(gemm, nullptr);
  relu->set_op_type("Einsum");
  EXPECT_NE(
      error(save(m)).find("node '" + relu->name() + "' (Einsum) is not supported (supported: Add,"),
      std::string::npos);
  // Every node it cannot run, at once: a user fixes them together.
  gemm->set_op_type("TopK");
  EXPECT_NE(error(save(m)).find("2 nodes cannot run here: node '" + gemm->name() +
                                "' (TopK) is not supported; node '" + relu->name() +
                                "' (Einsum) is not supported (supported: Add,"),
            std::string::npos);
  gemm->set_op_type("Gemm");
  relu->set_op_type("Relu");
  relu->set_domain("com.microsoft");
  EXPECT_NE(error(save(m)).find("is of domain 'com.microsoft'"), std::string::npos);
}

TEST_F(BadGraph, ShapesThatDoNotChainAndShortInitializersAreNamed) {
  onnx::ModelProto m = load("mlp.torchscript");
  onnx::TensorProto* w = nullptr;
  for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer()) {
    if (t.dims_size() == 2 && t.dims(1) == 64) w = &t;
  }
  ASSERT_NE(w, nullptr);
  onnx::ModelProto wide = m;
  for (onnx::TensorProto& t : *wide.mutable_graph()->mutable_initializer()) {
    if (t.name() == w->name()) {
      t.set_dims(1, 32);
      t.set_raw_data(t.raw_data().substr(0, t.raw_data().size() / 2));
    }
  }
  EXPECT_NE(error(save(wide)).find("(Gemm) multiplies 1x64 by 32x32"), std::string::npos)
      << error(save(wide));
  for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer()) {
    if (t.name() == w->name()) t.set_raw_data(t.raw_data().substr(4));
  }
  EXPECT_NE(error(save(m)).find("initializer '" + w->name() +
                                "' holds 8188 bytes for 2048 values of shape [32, 64]"),
            std::string::npos)
      << error(save(m));
}

TEST_F(BadGraph, AKernelLargerThanItsPaddedInputIsNamed) {
  onnx::ModelProto m = load("cnn.torchscript");
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node()) {
    if (n.op_type() != "MaxPool") continue;
    for (onnx::AttributeProto& a : *n.mutable_attribute()) {
      if (a.name() == "kernel_shape") {
        a.set_ints(0, 9);
        a.set_ints(1, 9);
      }
    }
  }
  EXPECT_NE(
      error(save(m)).find("(MaxPool) has a 9x9 kernel (dilated) larger than its padded 8x8 input"),
      std::string::npos)
      << error(save(m));
}

// Found by make fuzz last session (../shared/fixtures/fuzz/onnx-dims-overflow.onnx, kept in
// tb/fuzz/regressions/onnx/): dimensions whose product overflows are refused before use.
TEST_F(BadGraph, DimensionsWhoseProductOverflowsAreRefused) {
  onnx::ModelProto m = load("mlp.torchscript");
  onnx::TensorProto* t = m.mutable_graph()->mutable_initializer(0);
  t->clear_dims();
  for (int k = 0; k < 4; ++k) t->add_dims(std::int64_t(1) << 40);
  EXPECT_NE(error(save(m)).find("has more than 2^40 elements"), std::string::npos)
      << error(save(m));
}

// Networks of today from Debian's PyTorch 1.13 (tb/fixtures/torch113/, its PROVENANCE.md): a
// network whose operators are all in the table runs, its float logits PyTorch's on the whole test
// split; any other is refused, naming every operator it holds that the table lacks, at once.
const fs::path kTorch113 = fs::path(CIM_FIXTURES) / "torch113";

nlohmann::json torch113_manifest() {
  std::ifstream in(kTorch113 / "manifest.json");
  return nlohmann::json::parse(in);
}

std::vector<std::string> torch113_models() {
  const nlohmann::json manifest = torch113_manifest();
  std::vector<std::string> names;
  for (const nlohmann::json& m : manifest.at("models")) names.push_back(m.at("name"));
  return names;
}

// Networks whose operators are all in the table in a form the table does not take yet, and what
// the refusal says (none today: the 1-D convolutions of seq_conv1d run since this session).
const std::map<std::string, std::string> kFormNotTaken = {};

std::string load_error(const std::string& file) {
  try {
    read_onnx_graph(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

class Torch113 : public ::testing::TestWithParam<std::string> {};

TEST_P(Torch113, RunsWithPyTorchsLogitsOrNamesEveryOperatorItLacks) {
  const nlohmann::json manifest = torch113_manifest();
  nlohmann::json m;
  for (const nlohmann::json& each : manifest.at("models")) {
    if (each.at("name") == GetParam()) m = each;
  }
  ASSERT_FALSE(m.is_null()) << GetParam();
  const std::string file = (kTorch113 / m.at("file").get<std::string>()).string();
  const std::vector<std::string> have = supported_operators();
  std::vector<std::string> lacking;
  for (const std::string& op : m.at("operators")) {
    if (!std::binary_search(have.begin(), have.end(), op)) lacking.push_back(op);
  }
  if (!lacking.empty()) {
    const std::string message = load_error(file);
    for (const std::string& op : lacking) {
      EXPECT_NE(message.find("(" + op + ") is not supported"), std::string::npos)
          << op << " not named: " << message;
    }
    return;
  }
  if (kFormNotTaken.count(GetParam())) {
    EXPECT_NE(load_error(file).find(kFormNotTaken.at(GetParam())), std::string::npos)
        << load_error(file);
    return;
  }
  const RealMatrix x = read_real_array((kTorch113 / "digits_test.npy").string());
  const double worst = worst_relative_error(
      read_onnx_graph(file), x,
      read_real_array((kTorch113 / m.at("logits").get<std::string>()).string()));
  std::cout << GetParam() << ": largest difference from PyTorch " << worst
            << " of the row's largest logit over " << x.rows() << " examples\n";
  EXPECT_LT(worst, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Torch113, ::testing::ValuesIn(torch113_models()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(GraphReader, ListsTheOperatorsItTakes) {
  const std::vector<std::string> ops = supported_operators();
  EXPECT_TRUE(std::is_sorted(ops.begin(), ops.end()));
  for (const char* op :
       {"Conv", "BatchNormalization", "MaxPool", "GlobalAveragePool", "Softmax", "Gemm"}) {
    EXPECT_NE(std::find(ops.begin(), ops.end(), op), ops.end()) << op;
  }
}

}  // namespace
}  // namespace cim::test
