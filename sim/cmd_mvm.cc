// SPDX-License-Identifier: Apache-2.0
#include "cmd_mvm.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cim/array_file.h"
#include "cim/matrix_run.h"
#include "cli.h"
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

void print_summary(const MvmJob& job, const Backend& b, const IntMatrix& w, const IntMatrix& x,
                   const MatrixRun& o) {
  const Params& p = job.setup.params;
  const DataMovement& d = o.moved;
  std::cout << "summary:\n"
            << "  result             " << (o.failure.empty() ? job.out : "not written") << " ("
            << x.rows() << " x " << w.cols() << ")\n"
            << "  tiles              " << d.tiles << " of " << p.rows << " x " << p.cols
            << " (K = " << w.rows() << ", N = " << w.cols() << ")\n"
            << "  cycles             " << d.write_cycles << " writing weights, " << d.compute_cycles
            << " computing"
            << (d.hidden_write_cycles
                    ? " (and " + std::to_string(d.hidden_write_cycles) +
                          " rows written while computing: stall cycles saved by weight sets)"
                    : std::string())
            << "\n"
            << "  MACs per cycle     " << d.macs_per_compute_cycle() << " while computing (peak "
            << double(p.rows) * p.cols / b.compute_cycles(job.setup, job.prec.abits) << ")\n"
            << "  simulated MVM/s    " << (o.seconds > 0 ? double(d.requests) / o.seconds : 0.0)
            << "\n";
  print_movement(d);
  if (o.failure.empty()) {
    std::cout << "  vs exact product   "
              << (o.error.rmse() == 0 ? "exact" : "RMSE " + std::to_string(o.error.rmse()))
              << " over " << o.error.outputs() << " outputs";
    if (o.error.rmse() != 0) {
      std::cout << ", max |error| " << o.error.max_error() << ", SNR " << o.error.snr_db() << " dB";
    }
    std::cout << "\n";
  }
  if (!job.trace.path.empty()) std::cout << "  waveform           " << job.trace.path << "\n";
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
  std::cout << "cimsim mvm: " << x.rows() << " x " << w.rows() << " inputs times " << w.rows()
            << " x " << w.cols() << " weights on the " << cli::describe(b, job.setup) << ", "
            << cli::describe(job.prec) << ", seed " << job.seed << "\n";
  const MatrixRun o = run_matrix(
      cli::environment_options(b, job.setup, job.seed, &job.trace, job.command), job.prec, w, x);
  const DataMovement& d = o.moved;
  if (!o.failure.empty()) {
    std::cout << "MISMATCH: " << o.failure << "\n";
  } else {
    write_array(job.out, o.y, rank);
  }
  print_summary(job, b, w, x, o);
  if (!job.json.empty()) {
    nlohmann::json j = cli::json_head("opencim.cimsim.mvm/1", b, job.setup);
    j.update({
        {"precision", cli::precision_json(job.prec)},
        {"seed", job.seed},
        {"shape", {{"M", x.rows()}, {"K", w.rows()}, {"N", w.cols()}}},
        {"output", o.failure.empty() ? nlohmann::json(job.out) : nlohmann::json(nullptr)},
        {"movement", movement_json(d)},
        {"simulated_mvm_per_s", o.seconds > 0 ? double(d.requests) / o.seconds : 0.0},
        {"mismatch", o.failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.failure)},
    });
    if (o.failure.empty()) j["accuracy"] = error_json(o.error);
    cli::write_json(job.json, j);
  }
  return o.failure.empty() ? 0 : 1;
}

}  // namespace

std::function<int()> add_mvm_command(CLI::App* cmd, const std::string& command_line) {
  auto job = std::make_shared<MvmJob>();
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
