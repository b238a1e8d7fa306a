// SPDX-License-Identifier: Apache-2.0
// The torch side of training, built as a module of its own (libcim_torch_train.so) that
// train_perceptron() loads when it is first called: linking torch into cimsim and the tests would
// cost every run about a second of loading 280 shared libraries. Self-contained on purpose: it
// uses only the header-only parts of Network, Dataset and TrainOptions.
#include <torch/torch.h>

#include "cim/train.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cim {

namespace {

// Per-output-channel symmetric fake quantization with a straight-through gradient.
torch::Tensor fake_quantize(const torch::Tensor& w, int bits) {
  const double levels = double((1 << (bits - 1)) - 1);
  const torch::Tensor scale = (std::get<0>(w.abs().max(1, true)) / levels).clamp_min(1e-12).detach();
  const torch::Tensor q = torch::round(w / scale).clamp(-levels, levels) * scale;
  return w + (q - w).detach();
}

struct PerceptronImpl : torch::nn::Module {
  PerceptronImpl(int inputs, int hidden, int classes)
      : fc1(register_module("fc1", torch::nn::Linear(inputs, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, classes))) {}

  torch::Tensor weight(const torch::nn::Linear& fc, const TrainOptions& opt) const {
    torch::Tensor w = fc->weight;
    if (opt.quantize_wbits > 0) w = fake_quantize(w, opt.quantize_wbits);
    if (opt.weight_noise > 0 && is_training()) {
      w = w + torch::randn_like(w) * (opt.weight_noise * w.abs().max()).detach();
    }
    return w;
  }

  torch::Tensor forward(const torch::Tensor& x, const TrainOptions& opt) {
    torch::Tensor h = torch::relu(torch::nn::functional::linear(x, weight(fc1, opt), fc1->bias));
    return torch::nn::functional::linear(h, weight(fc2, opt), fc2->bias);
  }

  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Perceptron);

DenseLayer export_layer(const torch::nn::Linear& fc, const std::string& name, bool relu,
                        double input_scale) {
  DenseLayer l;
  l.name = name;
  const torch::Tensor w = (fc->weight * input_scale).detach().contiguous();
  l.outputs = int(w.size(0));
  l.inputs = int(w.size(1));
  l.weight.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
  const torch::Tensor b = fc->bias.detach().contiguous();
  l.bias.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
  l.relu = relu;
  return l;
}

}  // namespace

Network train(const Dataset& data, const TrainOptions& opt, const TrainProgress& progress) {
  if (data.size() == 0) throw std::invalid_argument("no training data");
  torch::manual_seed(opt.seed);
  torch::set_num_threads(1);  // the same network on every machine and run
  const int n = data.size(), k = data.inputs.cols();
  double largest = 0;
  for (double v : data.inputs.values()) largest = std::max(largest, std::fabs(v));
  const double input_scale = largest > 0 ? 1.0 / largest : 1.0;

  std::vector<float> xs(data.inputs.values().begin(), data.inputs.values().end());
  const torch::Tensor x = torch::from_blob(xs.data(), {n, k}, torch::kFloat).clone() * input_scale;
  std::vector<std::int64_t> ys(data.labels.begin(), data.labels.end());
  const torch::Tensor y = torch::from_blob(ys.data(), {n}, torch::kLong).clone();

  const int classes = *std::max_element(data.labels.begin(), data.labels.end()) + 1;
  Perceptron model(k, opt.hidden, classes);
  torch::optim::Adam adam(model->parameters(),
                          torch::optim::AdamOptions(opt.learning_rate).weight_decay(opt.weight_decay));
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    // Cosine decay of the learning rate to zero over the epochs.
    for (auto& group : adam.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options())
          .lr(opt.learning_rate * 0.5 * (1.0 + std::cos(M_PI * (epoch - 1) / opt.epochs)));
    }
    model->train();
    const torch::Tensor order = torch::randperm(n, torch::kLong);
    double total = 0.0;
    for (int start = 0; start < n; start += opt.batch) {
      const torch::Tensor idx = order.slice(0, start, std::min(n, start + opt.batch));
      adam.zero_grad();
      const torch::Tensor loss =
          torch::nn::functional::cross_entropy(model->forward(x.index_select(0, idx), opt),
                                               y.index_select(0, idx));
      loss.backward();
      adam.step();
      total += loss.item<double>() * double(idx.size(0));
    }
    if (progress) progress(epoch, total / n);
  }
  model->eval();
  Network net;
  net.layers.push_back(export_layer(model->fc1, "/fc1/Gemm", true, input_scale));
  net.layers.push_back(export_layer(model->fc2, "/fc2/Gemm", false, 1.0));
  return net;
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
