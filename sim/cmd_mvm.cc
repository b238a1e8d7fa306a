// SPDX-License-Identifier: Apache-2.0
#include "cmd_mvm.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cim/array_file.h"
#include "cim/mapper.h"
#include "cli.h"
#include "environment.h"
#include "reports.h"

namespace cim {
namespace {

struct MvmJob {
  cli::MacroOptions macro;
  cli::PrecisionOptions precision;
  cli::TraceOptions trace;
  std::string weights, inputs, out, json;
  std::uint64_t seed = 1;
  std::string command;

  MacroSetup setup;
  Precision prec;
};

ValueRange value_range(int bits, bool is_signed, const char* what) {
  const std::string name =
      std::to_string(bits) + "-bit " + (is_signed ? "signed " : "unsigned ") + what;
  if (is_signed)
    return {-(std::int64_t(1) << (bits - 1)), (std::int64_t(1) << (bits - 1)) - 1, name};
  return {0, (std::int64_t(1) << bits) - 1, name};
}

void check(MvmJob& job) {
  const Backend& b = job.macro.backend_checked();
  job.setup = job.macro.setup(job.seed);
  job.prec = job.precision.resolve(b, job.setup);
  job.trace.check(b);
  for (const auto& [option, path] :
       {std::pair{"--weights", job.weights}, {"--inputs", job.inputs}, {"--out", job.out}}) {
    try {
      array_format(path);
    } catch (const InputError& e) {
      throw CLI::ValidationError(option, e.what());
    }
  }
  if (array_format(job.out) != array_format(job.inputs)) {
    throw CLI::ValidationError(
        "--out", "'" + job.out + "' must have the format of --inputs '" + job.inputs + "'");
  }
}

int run(const MvmJob& job) {
  const Backend& b = job.macro.backend_checked();
  // Every file is read and checked before anything runs.
  const IntMatrix w =
      read_array(job.weights, value_range(job.prec.wbits, job.prec.wsigned, "weights"));
  int rank = 2;  // a 1-D input vector gives a 1-D result, as NumPy's x @ W does
  const IntMatrix x =
      read_array(job.inputs, value_range(job.prec.abits, job.prec.asigned, "activations"), &rank);
  if (x.cols() != w.rows()) {
    throw InputError(job.inputs + ": " + std::to_string(x.cols()) + " values a line, but " +
                     job.weights + " has K = " + std::to_string(w.rows()) + " rows");
  }

  EnvironmentOptions eo;
  eo.backend = b.name();
  eo.setup = job.setup;
  eo.seed = job.seed;
  job.trace.apply(eo.model);
  eo.wave_path = cli::mismatch_wave(b, job.setup, job.seed);
  eo.reproduce = job.command;
  std::cout << "cimsim mvm: " << x.rows() << " x " << w.rows() << " inputs times " << w.rows()
            << " x " << w.cols() << " weights on the " << cli::describe(b, job.setup) << ", "
            << cli::describe(job.prec) << ", seed " << job.seed << "\n";
  Environment env(eo);
  Mapper mapper(env.drv(), job.prec);
  const auto start = std::chrono::steady_clock::now();
  std::string failure;
  IntMatrix y;
  try {
    y = mapper.run(w, x);
  } catch (const CheckFailure& m) {
    failure = m.what();
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const DataMovement& d = mapper.movement();
  ErrorStats err;
  if (failure.empty()) {
    const IntMatrix exact = multiply(x, w);
    err.add(exact.values(), y.values());
    if (env.checks_mvm() && !(y == exact)) {
      failure = "the result differs from the exact integer product (largest error " +
                std::to_string(err.max_error()) + ")";
    }
  }
  if (!failure.empty()) {
    std::cout << "MISMATCH: " << failure << "\n";
  } else {
    write_array(job.out, y, rank);
  }
  std::cout << "summary:\n"
            << "  result             " << (failure.empty() ? job.out : "not written") << " ("
            << x.rows() << " x " << w.cols() << ")\n"
            << "  tiles              " << d.tiles << " of " << job.setup.params.rows << " x "
            << job.setup.params.cols << " (K = " << w.rows() << ", N = " << w.cols() << ")\n"
            << "  cycles             " << d.write_cycles << " writing weights, " << d.compute_cycles
            << " computing"
            << (d.hidden_write_cycles
                    ? " (and " + std::to_string(d.hidden_write_cycles) +
                          " rows written while computing: stall cycles saved by weight sets)"
                    : std::string())
            << "\n"
            << "  MACs per cycle     " << d.macs_per_compute_cycle() << " while computing (peak "
            << double(job.setup.params.rows) * job.setup.params.cols /
                   b.compute_cycles(job.setup, job.prec.abits)
            << ")\n"
            << "  simulated MVM/s    " << (secs > 0 ? double(d.requests) / secs : 0.0) << "\n";
  print_movement(d);
  if (failure.empty()) {
    std::cout << "  vs exact product   "
              << (err.rmse() == 0 ? "exact" : "RMSE " + std::to_string(err.rmse())) << " over "
              << err.outputs() << " outputs";
    if (err.rmse() != 0)
      std::cout << ", max |error| " << err.max_error() << ", SNR " << err.snr_db() << " dB";
    std::cout << "\n";
  }
  if (!job.trace.path.empty()) std::cout << "  waveform           " << job.trace.path << "\n";
  if (!job.json.empty()) {
    nlohmann::json j = {
        {"schema", "opencim.cimsim.mvm/1"},
        {"backend", b.name()},
        {"config", b.config_name(job.setup)},
        {"params", cli::params_json(b, job.setup)},
        {"precision", cli::precision_json(job.prec)},
        {"seed", job.seed},
        {"shape", {{"M", x.rows()}, {"K", w.rows()}, {"N", w.cols()}}},
        {"output", failure.empty() ? nlohmann::json(job.out) : nlohmann::json(nullptr)},
        {"movement", movement_json(d)},
        {"simulated_mvm_per_s", secs > 0 ? double(d.requests) / secs : 0.0},
        {"mismatch", failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(failure)},
    };
    if (failure.empty()) {
      j["accuracy"] = error_json(err);
    }
    write_file_atomically(job.json, j.dump(2) + "\n");
  }
  return failure.empty() ? 0 : 1;
}

}  // namespace

std::function<int()> add_mvm_command(CLI::App& app, const std::string& command_line) {
  auto job = std::make_shared<MvmJob>();
  CLI::App* cmd = app.add_subcommand(
      "mvm",
      "a K x N integer matrix times input vectors (CSV or .npy files), tiled onto the macro");
  cmd->add_option("--weights", job->weights, "K x N weights, one row of N a line (.csv or .npy)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--inputs", job->inputs, "M input vectors of K values, one a line (.csv or .npy)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", job->out, "the M x N results, in the format of --inputs")
      ->required()
      ->check(cli::writable_file());
  job->macro.add_to(*cmd);
  job->precision.add_to(*cmd);
  cli::add_seed_option(*cmd, job->seed, "analog devices");
  job->trace.add_to(*cmd);
  cli::add_json_option(*cmd, job->json);
  return [job, cmd, &command_line]() {
    job->command = cli::reproducing(command_line, *cmd, job->seed);
    check(*job);
    return run(*job);
  };
}

}  // namespace cim
