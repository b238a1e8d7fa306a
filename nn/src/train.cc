// SPDX-License-Identifier: Apache-2.0
// The torch side of training, built as a module of its own (libcim_torch_train.so) that
// train_perceptron() loads when it is first called: linking torch into cimsim and the tests would
// cost every run about a second of loading 280 shared libraries. Self-contained on purpose: it
// uses only the header-only parts of Network, Dataset and TrainOptions.
#include "cim/train.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cim {

namespace {

// Per-output-channel symmetric fake quantization with a straight-through gradient.
torch::Tensor fake_quantize(const torch::Tensor& w, int bits) {
  const double levels = double((1 << (bits - 1)) - 1);
  const torch::Tensor scale =
      (std::get<0>(w.abs().max(1, true)) / levels).clamp_min(1e-12).detach();
  const torch::Tensor q = torch::round(w / scale).clamp(-levels, levels) * scale;
  return w + (q - w).detach();
}

// A weight as the forward pass sees it: fake-quantized per output channel (quantization-aware) and
// with Gaussian noise (noise-aware, training only). Any shape: output channels first.
torch::Tensor seen_weight(const torch::Tensor& w, const TrainOptions& opt, bool training) {
  torch::Tensor v = w;
  if (opt.quantize_wbits > 0)
    v = fake_quantize(v.reshape({v.size(0), -1}), opt.quantize_wbits).reshape(w.sizes());
  if (opt.weight_noise > 0 && training)
    v = v + torch::randn_like(v) * (opt.weight_noise * v.abs().max()).detach();
  return v;
}

// A 3x3 convolution padded to keep the image's size; applied with the weight as the forward pass
// sees it.
torch::nn::Conv2d conv_layer(int in, int out) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1));
}

torch::Tensor conv3x3(const torch::nn::Conv2d& c, const torch::Tensor& x, const TrainOptions& opt,
                      bool training) {
  return torch::nn::functional::conv2d(
      x, seen_weight(c->weight, opt, training),
      torch::nn::functional::Conv2dFuncOptions().bias(c->bias).padding(1));
}

struct PerceptronImpl : torch::nn::Module {
  PerceptronImpl(int inputs, int hidden, int classes)
      : fc1(register_module("fc1", torch::nn::Linear(inputs, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, classes))) {}

  torch::Tensor forward(const torch::Tensor& x, const TrainOptions& opt) {
    torch::Tensor h = torch::relu(
        torch::nn::functional::linear(x, seen_weight(fc1->weight, opt, is_training()), fc1->bias));
    return torch::nn::functional::linear(h, seen_weight(fc2->weight, opt, is_training()),
                                         fc2->bias);
  }

  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Perceptron);

struct CnnImpl : torch::nn::Module {
  CnnImpl(int image, int channels, int classes)
      : image(image),
        c1(register_module("c1", conv_layer(1, channels))),
        b1(register_module("b1", torch::nn::BatchNorm2d(channels))),
        c2(register_module("c2", conv_layer(channels, 2 * channels))),
        b2(register_module("b2", torch::nn::BatchNorm2d(2 * channels))),
        fc(register_module("fc",
                           torch::nn::Linear(2 * channels * (image / 2) * (image / 2), classes))) {}

  torch::Tensor forward(const torch::Tensor& x, const TrainOptions& opt) {
    torch::Tensor h = x.reshape({-1, 1, image, image});
    h = torch::max_pool2d(torch::relu(b1(conv3x3(c1, h, opt, is_training()))), 2);
    h = torch::relu(b2(conv3x3(c2, h, opt, is_training()))).flatten(1);
    return torch::nn::functional::linear(h, seen_weight(fc->weight, opt, is_training()), fc->bias);
  }

  int image;
  torch::nn::Conv2d c1;
  torch::nn::BatchNorm2d b1;
  torch::nn::Conv2d c2;
  torch::nn::BatchNorm2d b2;
  torch::nn::Linear fc;
};
TORCH_MODULE(Cnn);

struct ResNetImpl : torch::nn::Module {
  ResNetImpl(int image, int channels, int classes)
      : image(image),
        stem(register_module("stem", conv_layer(1, channels))),
        bs(register_module("bs", torch::nn::BatchNorm2d(channels))),
        a(register_module("a", conv_layer(channels, channels))),
        ba(register_module("ba", torch::nn::BatchNorm2d(channels))),
        b(register_module("b", conv_layer(channels, channels))),
        bb(register_module("bb", torch::nn::BatchNorm2d(channels))),
        fc(register_module("fc", torch::nn::Linear(channels, classes))) {}

  torch::Tensor forward(const torch::Tensor& x, const TrainOptions& opt) {
    const torch::Tensor h0 =
        torch::relu(bs(conv3x3(stem, x.reshape({-1, 1, image, image}), opt, is_training())));
    const torch::Tensor h1 = torch::relu(ba(conv3x3(a, h0, opt, is_training())));
    const torch::Tensor h2 = torch::relu(bb(conv3x3(b, h1, opt, is_training())) + h0);
    return torch::nn::functional::linear(h2.mean({2, 3}),
                                         seen_weight(fc->weight, opt, is_training()), fc->bias);
  }

  int image;
  torch::nn::Conv2d stem;
  torch::nn::BatchNorm2d bs;
  torch::nn::Conv2d a;
  torch::nn::BatchNorm2d ba;
  torch::nn::Conv2d b;
  torch::nn::BatchNorm2d bb;
  torch::nn::Linear fc;
};
TORCH_MODULE(ResNet);

std::vector<float> values_of(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

DenseLayer export_layer(const torch::nn::Linear& fc, const std::string& name, bool relu,
                        double input_scale) {
  DenseLayer l;
  l.name = name;
  const torch::Tensor w = fc->weight * input_scale;
  l.outputs = int(w.size(0));
  l.inputs = int(w.size(1));
  l.weight = values_of(w);
  l.bias = values_of(fc->bias);
  l.relu = relu;
  return l;
}

// A convolution with its BatchNorm folded in (inference: w' = w g / sqrt(var + eps),
// b' = (b - mean) g / sqrt(var + eps) + beta), times the input's scale.
ConvLayer export_conv(const torch::nn::Conv2d& c, const torch::nn::BatchNorm2d& bn,
                      const std::string& name, bool pool, double input_scale) {
  const torch::Tensor scale =
      (bn->weight / torch::sqrt(bn->running_var + bn->options.eps())).detach();
  ConvLayer l;
  l.name = name;
  l.out_channels = int(c->weight.size(0));
  l.in_channels = int(c->weight.size(1));
  l.kernel = int(c->weight.size(2));
  l.weight = values_of(c->weight * scale.reshape({-1, 1, 1, 1}) * input_scale);
  l.bias = values_of((c->bias - bn->running_mean) * scale + bn->bias);
  l.relu = true;
  l.pool = pool;
  return l;
}

// Adam with a cosine-decayed learning rate over the epochs, mini-batches in a seeded order.
template <typename Model>
void fit(Model& model, const torch::Tensor& x, const torch::Tensor& y, const TrainOptions& opt,
         const TrainProgress& progress) {
  const std::int64_t n = x.size(0);
  torch::optim::Adam adam(
      model->parameters(),
      torch::optim::AdamOptions(opt.learning_rate).weight_decay(opt.weight_decay));
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    for (auto& group : adam.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options())
          .lr(opt.learning_rate * 0.5 * (1.0 + std::cos(M_PI * (epoch - 1) / opt.epochs)));
    }
    model->train();
    const torch::Tensor order = torch::randperm(n, torch::kLong);
    double total = 0.0;
    for (std::int64_t start = 0; start < n; start += opt.batch) {
      const torch::Tensor idx = order.slice(0, start, std::min(n, start + std::int64_t(opt.batch)));
      adam.zero_grad();
      const torch::Tensor loss = torch::nn::functional::cross_entropy(
          model->forward(x.index_select(0, idx), opt), y.index_select(0, idx));
      loss.backward();
      adam.step();
      total += loss.item<double>() * double(idx.size(0));
    }
    if (progress) progress(epoch, total / double(n));
  }
  model->eval();
}

// The trained models as Networks: the first layer takes the input's scale.
void export_into(Perceptron& m, Network& net, double input_scale) {
  net.layers.push_back(export_layer(m->fc1, "/fc1/Gemm", true, input_scale));
  net.layers.push_back(export_layer(m->fc2, "/fc2/Gemm", false, 1.0));
}

void export_into(Cnn& m, Network& net, double input_scale) {
  net.channels = 1;
  net.image = m->image;
  net.convs.push_back(export_conv(m->c1, m->b1, "/conv1/Conv", true, input_scale));
  net.convs.push_back(export_conv(m->c2, m->b2, "/conv2/Conv", false, 1.0));
  net.layers.push_back(export_layer(m->fc, "/fc1/Gemm", false, 1.0));
}

void export_into(ResNet& m, Network& net, double input_scale) {
  net.channels = 1;
  net.image = m->image;
  net.convs.push_back(export_conv(m->stem, m->bs, "/stem/Conv", false, input_scale));
  net.convs.push_back(export_conv(m->a, m->ba, "/block/a/Conv", false, 1.0));
  net.convs.push_back(export_conv(m->b, m->bb, "/block/b/Conv", false, 1.0));
  net.convs.back().add_from = 0;
  net.global_pool = true;
  net.layers.push_back(export_layer(m->fc, "/fc1/Gemm", false, 1.0));
}

// Fits `model` and exports it.
template <typename Model>
Network trained(Model model, const torch::Tensor& x, const torch::Tensor& y,
                const TrainOptions& opt, const TrainProgress& progress, double input_scale) {
  fit(model, x, y, opt, progress);
  torch::NoGradGuard no_grad;
  Network net;
  export_into(model, net, input_scale);
  return net;
}

}  // namespace

Network train(const Dataset& data, const TrainOptions& opt, const TrainProgress& progress) {
  if (data.size() == 0) throw std::invalid_argument("no training data");
  if (opt.arch != "mlp" && opt.arch != "cnn" && opt.arch != "resnet") {
    throw std::invalid_argument("architecture '" + opt.arch + "' (mlp, cnn or resnet)");
  }
  const int n = data.size(), k = data.inputs.cols();
  const int side = int(std::lround(std::sqrt(double(k))));
  if (opt.arch != "mlp" && (side * side != k || (opt.arch == "cnn" && side % 2 != 0))) {
    throw std::invalid_argument(
        "a CNN takes square one-channel images (of even side, with pooling); " + std::to_string(k) +
        " inputs an example are not one");
  }
  torch::manual_seed(opt.seed);
  torch::set_num_threads(1);  // the same network on every machine and run
  double largest = 0;
  for (double v : data.inputs.values()) largest = std::max(largest, std::fabs(v));
  const double input_scale = largest > 0 ? 1.0 / largest : 1.0;

  std::vector<float> xs(data.inputs.values().begin(), data.inputs.values().end());
  const torch::Tensor x = torch::from_blob(xs.data(), {n, k}, torch::kFloat).clone() * input_scale;
  std::vector<std::int64_t> ys(data.labels.begin(), data.labels.end());
  const torch::Tensor y = torch::from_blob(ys.data(), {n}, torch::kLong).clone();
  const int classes = *std::max_element(data.labels.begin(), data.labels.end()) + 1;

  if (opt.arch == "cnn")
    return trained(Cnn(side, opt.channels, classes), x, y, opt, progress, input_scale);
  if (opt.arch == "resnet")
    return trained(ResNet(side, opt.channels, classes), x, y, opt, progress, input_scale);
  return trained(Perceptron(k, opt.hidden, classes), x, y, opt, progress, input_scale);
}

}  // namespace cim

// The module's one entry point (train_perceptron() looks it up by this name). Errors come back as
// text rather than as exceptions across the module boundary.
extern "C" void cim_torch_train(const cim::Dataset* data, const cim::TrainOptions* opt,
                                const cim::TrainProgress* progress, cim::Network* out,
                                std::string* error) {
  try {
    *out = cim::train(*data, *opt, *progress);
  } catch (const std::exception& e) {
    *error = e.what();
  }
}
