#include "cmd_net.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <regex>

#include "cim/array_file.h"
#include "cim/dataset.h"
#include "cim/mapper.h"
#include "cim/quantized_network.h"
#include "cli.h"
#include "environment.h"
#include "progress.h"
#include "reports.h"

namespace cim {
namespace {

struct NetJob {
  cli::MacroOptions macro;
  std::string model, data = CIM_DIGITS_CSV, split = "test", place, json;
  int abits = 0, wbits = 0;
  std::uint64_t seed = 1, limit = 0;
  bool no_progress = false;
  std::string command;

  // Resolved by check(): every file read, every layer's backend and setup known.
  Network net;
  Dataset eval, calibration;
  std::vector<std::string> layer_backend;
  std::map<std::string, MacroSetup> setups;
};

// Selects the evaluated examples and the calibration data: the test split is calibrated on the
// train split, the train split and the whole file on themselves.
void load_data(NetJob& job) {
  const Dataset all = read_dataset(job.data);
  if (job.split == "all") {
    job.eval = job.calibration = all;
  } else {
    Split s = stratified_split(all, kTestFraction, kSplitSeed);
    job.calibration = s.train;
    job.eval = job.split == "test" ? s.test : s.train;
  }
  if (job.limit && job.limit < std::uint64_t(job.eval.size())) {
    std::vector<int> first(job.limit);
    for (std::size_t i = 0; i < first.size(); ++i) first[i] = int(i);
    job.eval = job.eval.subset(first);
  }
  if (job.eval.inputs.cols() != job.net.inputs()) {
    throw InputError(job.data + ": " + std::to_string(job.eval.inputs.cols()) +
                     " inputs an example, but " + job.model + " takes " +
                     std::to_string(job.net.inputs()));
  }
}

void check(NetJob& job) {
  const Backend& main_backend = job.macro.backend_checked();
  job.net = read_onnx(job.model);
  load_data(job);
  job.layer_backend.assign(job.net.layers.size(), main_backend.name());
  if (!job.place.empty()) {
    static const std::regex item(R"((\d{1,4}):([a-z-]+))");
    std::size_t start = 0;
    while (start <= job.place.size()) {
      std::size_t end = job.place.find(',', start);
      if (end == std::string::npos) end = job.place.size();
      const std::string one = job.place.substr(start, end - start);
      std::smatch m;
      if (!std::regex_match(one, m, item)) {
        throw CLI::ValidationError("--place", "'" + one + "' is not LAYER:BACKEND (e.g. 0:analog)");
      }
      const int layer = std::stoi(m[1]);
      if (layer >= int(job.net.layers.size())) {
        throw CLI::ValidationError("--place", "layer " + std::to_string(layer) + ": " + job.model +
                                                  " has layers 0.." +
                                                  std::to_string(job.net.layers.size() - 1));
      }
      try {
        job.layer_backend[std::size_t(layer)] = find_backend(m[2]).name();
      } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError("--place", e.what());
      }
      start = end + 1;
    }
  }
  bool any_analog = false;
  for (const std::string& b : job.layer_backend) any_analog = any_analog || find_backend(b).analog();
  for (const std::string& name : job.layer_backend) {
    if (job.setups.count(name)) continue;
    const Backend& b = find_backend(name);
    job.setups[name] = job.macro.setup_for(b, job.seed, !any_analog);
  }
  const Params& p = job.setups.begin()->second.params;
  if (job.abits > p.abits) {
    throw CLI::ValidationError("--abits", std::to_string(job.abits) + " is above ABITS=" + std::to_string(p.abits));
  }
  if (job.wbits > p.wbits) {
    throw CLI::ValidationError("--wbits", std::to_string(job.wbits) + " is above WBITS=" + std::to_string(p.wbits));
  }
  if (!job.abits) job.abits = p.abits;
  if (!job.wbits) job.wbits = p.wbits;
  if (job.wbits < 2) throw CLI::ValidationError("--wbits", "signed weights need at least 2 bits");
  for (const auto& [name, setup] : job.setups) {
    if (!find_backend(name).supports(setup, Precision{job.abits, job.wbits, true, true})) {
      throw CLI::ValidationError("--wbits", "the " + name + " macro with CELL_BITS=" +
                                                std::to_string(setup.analog.params.cell_bits) +
                                                " computes only wbits = WBITS = " +
                                                std::to_string(p.wbits));
    }
  }
}

double percent(int hits, int total) { return total ? 100.0 * hits / total : 0.0; }

int hits(const std::vector<int>& predicted, const std::vector<int>& labels) {
  int n = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) n += predicted[i] == labels[i];
  return n;
}

int run(NetJob& job) {
  const QuantizedNetwork q = quantize(job.net, job.calibration.inputs, job.abits, job.wbits);
  const int m = job.eval.size();
  std::cout << "cimsim net: " << job.model << " (" << job.net.inputs();
  for (const DenseLayer& l : job.net.layers) std::cout << " -> " << l.outputs;
  std::cout << "), " << m << " examples of " << job.data << " (" << job.split << " split), "
            << job.abits << "-bit activations x " << job.wbits << "-bit signed weights, seed "
            << job.seed << "\n";
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const std::string& b = job.layer_backend[l];
    std::cout << "  layer " << l << " " << q.layers[l].name << ": " << q.layers[l].weight.rows()
              << " x " << q.layers[l].weight.cols() << ", "
              << (q.layers[l].input_signed ? "signed" : "unsigned") << " inputs, on the "
              << cli::describe(find_backend(b), job.setups[b]) << "\n";
  }

  // The references: the float network, and the quantized network on the exact integer product.
  const std::vector<int> float_pred = float_predictions(job.net, job.eval.inputs);
  const Inference golden = infer(q, job.eval.inputs, [](int, const IntMatrix& x, const IntMatrix& w) {
    return multiply(x, w);
  });

  // The macros: one checked environment per backend, kept across layers.
  std::map<std::string, std::unique_ptr<Environment>> envs;
  std::vector<DataMovement> moved(q.layers.size());
  std::uint64_t total_requests = 0;
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const Params& p = job.setups[job.layer_backend[l]].params;
    total_requests += std::uint64_t(m) * std::uint64_t((q.layers[l].weight.rows() + p.rows - 1) / p.rows) *
                      std::uint64_t((q.layers[l].weight.cols() + p.cols - 1) / p.cols);
  }
  ProgressBar bar(total_requests, !job.no_progress);
  std::uint64_t requests_before = 0;
  const auto start = std::chrono::steady_clock::now();
  std::string failure;
  Inference macro;
  try {
    macro = infer(q, job.eval.inputs, [&](int l, const IntMatrix& x, const IntMatrix& w) {
      const std::string& name = job.layer_backend[std::size_t(l)];
      std::unique_ptr<Environment>& env = envs[name];
      if (!env) {
        EnvironmentOptions eo;
        eo.backend = name;
        eo.setup = job.setups[name];
        eo.seed = job.seed;
        eo.wave_path = "cimsim-mismatch-" + find_backend(name).config_name(eo.setup) + "-seed" +
                       std::to_string(job.seed) + ".fst";
        eo.reproduce = job.command;
        env = std::make_unique<Environment>(eo);
      }
      Mapper mapper(env->drv(), q.precision(l));
      mapper.on_tile([&](std::uint64_t done) { bar.update(requests_before + done); });
      IntMatrix y = mapper.run(w, x);
      moved[std::size_t(l)] = mapper.movement();
      requests_before += mapper.movement().requests;
      return y;
    });
  } catch (const Mismatch& e) {
    failure = e.what();
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!failure.empty()) {
    std::cout << "MISMATCH: " << failure << "\n";
    return 1;
  }

  const std::vector<int>& labels = job.eval.labels;
  const int classes = std::max(job.eval.classes(), job.net.outputs());
  std::vector<std::vector<int>> confusion(std::size_t(classes), std::vector<int>(std::size_t(classes), 0));
  for (int i = 0; i < m; ++i) ++confusion[std::size_t(labels[std::size_t(i)])][std::size_t(macro.predictions[std::size_t(i)])];
  const bool bit_exact = macro.logits == golden.logits;
  std::vector<ErrorStats> layer_err(q.layers.size());
  DataMovement all;
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    layer_err[l].add(golden.accumulators[l].values(), macro.accumulators[l].values());
    all += moved[l];
  }

  std::cout << "summary:\n"
            << std::fixed << std::setprecision(2)
            << "  accuracy           float " << percent(hits(float_pred, labels), m)
            << " %, quantized golden " << percent(hits(golden.predictions, labels), m)
            << " %, on the macro " << percent(hits(macro.predictions, labels), m) << " % ("
            << hits(macro.predictions, labels) << " of " << m << ")\n"
            << "  logits             " << (bit_exact ? "equal to the quantized golden model's, bit for bit"
                                                     : "differ from the quantized golden model's")
            << "\n  per layer, against the quantized golden model (each layer fed by the one before):\n"
            << "    layer  backend          outputs        RMSE   max |error|     SNR dB\n";
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const ErrorStats& e = layer_err[l];
    std::cout << "    " << std::left << std::setw(7) << l << std::setw(15) << job.layer_backend[l]
              << std::right << std::setw(9) << e.outputs() << std::setw(12) << e.rmse()
              << std::setw(14) << e.max_error() << std::setw(11)
              << (std::isinf(e.snr_db()) ? std::string("exact") : std::to_string(e.snr_db()).substr(0, 6))
              << "\n";
  }
  std::cout << "  confusion matrix (rows: label, columns: predicted)\n       ";
  for (int c = 0; c < classes; ++c) std::cout << std::setw(5) << c;
  std::cout << "\n";
  for (int r = 0; r < classes; ++r) {
    std::cout << "    " << std::setw(3) << r;
    for (int c = 0; c < classes; ++c) std::cout << std::setw(5) << confusion[std::size_t(r)][std::size_t(c)];
    std::cout << "\n";
  }
  std::cout << std::defaultfloat << std::setprecision(6)
            << "  cycles             " << all.write_cycles << " writing weights, "
            << all.compute_cycles << " computing, " << all.macs_per_compute_cycle()
            << " MACs per compute cycle\n"
            << "  simulated MVM/s    " << (secs > 0 ? double(all.requests) / secs : 0.0) << "\n";
  print_movement(all);

  if (!job.json.empty()) {
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t l = 0; l < q.layers.size(); ++l) {
      const std::string& b = job.layer_backend[l];
      layers.push_back({{"name", q.layers[l].name},
                        {"inputs", q.layers[l].weight.rows()},
                        {"outputs", q.layers[l].weight.cols()},
                        {"backend", b},
                        {"config", find_backend(b).config_name(job.setups[b])},
                        {"input_signed", q.layers[l].input_signed},
                        {"error", error_json(layer_err[l])},
                        {"movement", movement_json(moved[l])}});
    }
    const nlohmann::json j = {
        {"schema", "opencim.cimsim.net/1"},
        {"model", job.model},
        {"data", job.data},
        {"split", job.split},
        {"examples", m},
        {"seed", job.seed},
        {"precision", {{"abits", job.abits}, {"wbits", job.wbits}}},
        {"accuracy",
         {{"float", percent(hits(float_pred, labels), m)},
          {"quantized_golden", percent(hits(golden.predictions, labels), m)},
          {"macro", percent(hits(macro.predictions, labels), m)}}},
        {"logits_bit_exact", bit_exact},
        {"confusion", confusion},
        {"layers", layers},
        {"movement", movement_json(all)},
        {"simulated_mvm_per_s", secs > 0 ? double(all.requests) / secs : 0.0},
    };
    write_file_atomically(job.json, j.dump(2) + "\n");
  }
  return 0;
}

}  // namespace

std::function<int()> add_net_command(CLI::App& app, const std::string& command_line) {
  auto job = std::make_shared<NetJob>();
  CLI::App* cmd = app.add_subcommand(
      "net", "a trained network (ONNX) on the macros, layer by layer: accuracy, per-layer error, "
             "data movement");
  cmd->add_option("--model", job->model, "the network, ONNX (Gemm/MatMul+Add, Relu, Flatten)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", job->data,
                  "examples, one a line: the inputs, then the integer label (.csv or .npy)")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--split", job->split,
                  "test or train: the seeded stratified split of --data (20 % test; test is "
                  "calibrated on train); all: every example, calibrated on itself")
      ->check(CLI::IsMember({"test", "train", "all"}))
      ->capture_default_str();
  cmd->add_option("--limit", job->limit, "only the first N examples")->check(cli::whole(1, 100000000));
  job->macro.add_to(*cmd);
  cmd->add_option("--place", job->place,
                  "per-layer backends, e.g. 0:analog,1:digital (layers from 0; the rest on --backend)");
  cmd->add_option("--abits", job->abits, "activation bits (default ABITS)")->check(cli::whole(1, limits::kAbits.hi));
  cmd->add_option("--wbits", job->wbits, "weight bits, signed (default WBITS)")->check(cli::whole(2, limits::kWbits.hi));
  cmd->add_option("--seed", job->seed, "random seed (analog devices)")
      ->check(cli::whole(0, ~0ull))
      ->capture_default_str();
  cmd->add_option("--json", job->json, "write the summary to this file as JSON (docs/cimsim.md)")
      ->check(cli::writable_file());
  cmd->add_flag("--no-progress", job->no_progress, "do not draw the progress bar");
  return [job, cmd, &command_line]() {
    job->command = command_line;
    if (!cmd->count("--seed")) job->command += " --seed " + std::to_string(job->seed);
    check(*job);
    return run(*job);
  };
}

}  // namespace cim
