// SPDX-License-Identifier: Apache-2.0
#include "cmd_train.h"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cim/array_file.h"
#include "cim/dataset.h"
#include "cim/quantized_network.h"
#include "cim/train.h"
#include "cli.h"
#include "progress.h"
#include "reports.h"

namespace cim {
namespace {

struct TrainJob {
  cli::MacroOptions macro;  // the analog macro whose noise noise-aware training injects
  TrainOptions train;
  std::string data = CIM_DIGITS_CSV, labels, out, json;
  bool noise_aware = false, quantization_aware = false, no_progress = false;

  MacroSetup setup;
};

void check(TrainJob& job, const CLI::App& cmd) {
  if (job.noise_aware) {
    if (!job.macro.backend_checked().kind().has_adc()) {
      throw CLI::ValidationError("--noise-aware", "needs an analog backend (--backend analog)");
    }
    // Noise-aware with neither noise named: both, at the settings given (or their defaults).
    if (!cmd.count("--prog-noise") && !cmd.count("--read-noise")) {
      job.macro.settings.prog_noise = job.macro.settings.read_noise = true;
    }
    job.setup = job.macro.setup(job.train.seed);
    job.train.weight_noise =
        relative_weight_noise(job.setup.params, job.setup.analog.params, job.setup.analog.settings);
  } else {
    job.setup = job.macro.setup(job.train.seed);
  }
  if (job.quantization_aware) job.train.quantize_wbits = job.setup.params.wbits;
}

double accuracy(const Network& net, const Dataset& d) {
  const std::vector<int> p = float_predictions(net, d.inputs);
  int hits = 0;
  for (std::size_t i = 0; i < p.size(); ++i) hits += p[i] == d.labels[i];
  return d.size() ? 100.0 * hits / d.size() : 0.0;
}

int run(TrainJob& job) {
  const Split split = stratified_split(
      job.labels.empty() ? read_dataset(job.data) : read_dataset(job.data, job.labels),
      kTestFraction, kSplitSeed);
  if (job.train.arch != "mlp") {
    const int k = split.train.inputs.cols();
    const int side = int(std::lround(std::sqrt(double(k))));
    if (side * side != k || (job.train.arch == "cnn" && side % 2 != 0)) {
      throw InputError(job.data + ": " + std::to_string(k) +
                       " inputs an example are not a square image" +
                       (job.train.arch == "cnn" ? " of even side" : "") + ", what --arch " +
                       job.train.arch + " takes");
    }
  }
  std::cout << "cimsim train: ";
  if (job.train.arch == "cnn") {
    std::cout << "CNN (Conv3x3 1 -> " << job.train.channels << ", MaxPool, Conv3x3 -> "
              << 2 * job.train.channels << ", Linear -> " << split.train.classes() << ")";
  } else if (job.train.arch == "resnet") {
    std::cout << "ResNet (stem Conv3x3 1 -> " << job.train.channels
              << ", one residual block of two Conv3x3, "
              << "global average pool, Linear -> " << split.train.classes() << ")";
  } else {
    std::cout << split.train.inputs.cols() << " -> " << job.train.hidden << " -> "
              << split.train.classes() << " perceptron";
  }
  std::cout << " on the train split of " << job.data << " (" << split.train.size() << " examples), "
            << job.train.epochs << " epochs, seed " << job.train.seed;
  if (job.noise_aware) {
    std::cout << ", noise-aware: weight noise sigma " << job.train.weight_noise
              << " x each layer's largest |weight| ("
              << cli::describe(job.macro.backend_checked(), job.setup) << ")";
  }
  if (job.quantization_aware)
    std::cout << ", quantization-aware: " << job.train.quantize_wbits << "-bit weights";
  std::cout << "\n";
  ProgressBar bar(std::uint64_t(job.train.epochs), !job.no_progress);
  double last_loss = 0;
  const auto start = std::chrono::steady_clock::now();
  const Network net = train_perceptron(split.train, job.train, [&](int epoch, double loss) {
    bar.update(std::uint64_t(epoch));
    last_loss = loss;
  });
  bar.finish();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_onnx(net, job.out);
  const double train_acc = accuracy(net, split.train), test_acc = accuracy(net, split.test);
  Summary accuracy;
  accuracy.add("train", train_acc)
      .add("test", test_acc, "float accuracy",
           "train " + number_text(train_acc, 2) + " %, test " + number_text(test_acc, 2) + " % (" +
               std::to_string(split.test.size()) + " examples)");
  Summary summary;
  summary.add("schema", "opencim.cimsim.train/1")
      .add("data", job.data)
      .add("arch", job.train.arch)
      .add("hidden", job.train.hidden)
      .add("channels", job.train.channels)
      .add("epochs", job.train.epochs)
      .add("seed", job.train.seed)
      .add("noise_aware", job.noise_aware)
      .add("weight_noise", job.train.weight_noise)
      .add("quantize_wbits", job.train.quantize_wbits)
      .line("summary:")
      .add("model", job.out, "model", job.out)
      .add("accuracy", accuracy)
      .add("final_loss", last_loss, "final loss", number_text(last_loss, 4))
      .add("seconds", secs, "trained in", number_text(secs, 1) + " s");
  summary.print(std::cout);
  if (!job.json.empty()) cli::write_json(job.json, summary.json());
  return 0;
}

}  // namespace

std::function<int()> add_train_command(CLI::App* cmd, const std::string& /*command_line*/) {
  auto job = std::make_shared<TrainJob>();
  cmd->add_option("--out", job->out, "the trained network (.onnx)")
      ->required()
      ->check(cli::writable_file());
  cmd->add_option("--data", job->data, "examples, one a line: the inputs, then the integer label")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--labels", job->labels,
                  "the labels in a file of their own (one a line, or a 1-D .npy); --data then "
                  "holds the inputs only")
      ->check(CLI::ExistingFile);
  cmd->add_option(
         "--arch", job->train.arch,
         "mlp (inputs -> hidden -> classes), cnn (square images: Conv3x3 + BN, ReLU, "
         "MaxPool, Conv3x3 + BN, ReLU, Linear) or resnet (a stem Conv3x3 + BN, ReLU and one "
         "residual block, global average pool, Linear)")
      ->check(CLI::IsMember({"mlp", "cnn", "resnet"}))
      ->capture_default_str();
  cmd->add_option("--hidden", job->train.hidden, "hidden units (mlp)")
      ->check(cli::whole(1, 4096))
      ->capture_default_str();
  cmd->add_option("--channels", job->train.channels,
                  "the first convolution's channels (cnn: the second's twice; resnet: every one's)")
      ->check(cli::whole(1, 256))
      ->capture_default_str();
  cmd->add_option("--epochs", job->train.epochs, "passes over the train split")
      ->check(cli::whole(1, 100000))
      ->capture_default_str();
  cmd->add_option("--learning-rate", job->train.learning_rate, "Adam's learning rate")
      ->check(cli::real(0.0, 1.0, true))
      ->capture_default_str();
  cmd->add_option("--weight-decay", job->train.weight_decay, "Adam's L2 weight decay")
      ->check(cli::real(0.0, 1.0))
      ->capture_default_str();
  cli::add_seed_option(*cmd, job->train.seed, "initial weights, batches, noise");
  cmd->add_flag("--noise-aware", job->noise_aware,
                "inject the analog macro's weight noise on every forward pass (programming and "
                "read noise at the analog settings given; both when neither is named)");
  cmd->add_flag("--quantization-aware", job->quantization_aware,
                "fake-quantize weights per channel to the macro's WBITS while training");
  job->macro.add_to(*cmd);
  cli::add_json_option(*cmd, job->json);
  cmd->add_flag("--no-progress", job->no_progress, "do not draw the progress bar");
  return [job, cmd]() {
    check(*job, *cmd);
    return run(*job);
  };
}

}  // namespace cim
