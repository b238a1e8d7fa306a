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

// The run's summary (summary.h): printed, and --json's record.
Summary mvm_summary(const MvmJob& job, const Backend& b, const IntMatrix& w, const IntMatrix& x,
                    const MatrixRun& o) {
  const Params& p = job.setup.params;
  const DataMovement& d = o.moved;
  const bool ok = o.failure.empty();
  const double mvm_per_s = o.seconds > 0 ? double(d.requests) / o.seconds : 0.0;
  Summary s;
  s.merge(Summary::of_json(cli::json_head("opencim.cimsim.mvm/1", b, job.setup)))
      .add("precision", cli::precision_json(job.prec))
      .add("seed", job.seed)
      .add("shape", {{"M", x.rows()}, {"K", w.rows()}, {"N", w.cols()}})
      .line("summary:")
      .add("output", ok ? nlohmann::json(job.out) : nlohmann::json(nullptr), "result",
           (ok ? job.out : "not written") + " (" + std::to_string(x.rows()) + " x " +
               std::to_string(w.cols()) + ")")
      .line(summary_label("tiles") + std::to_string(d.tiles) + " of " + std::to_string(p.rows) +
            " x " + std::to_string(p.cols) + " (K = " + std::to_string(w.rows()) +
            ", N = " + std::to_string(w.cols()) + ")")
      .line(summary_label("cycles") + std::to_string(d.write_cycles) + " writing weights, " +
            std::to_string(d.compute_cycles) + " computing" +
            (d.hidden_write_cycles
                 ? " (and " + std::to_string(d.hidden_write_cycles) +
                       " rows written while computing: stall cycles saved by weight sets)"
                 : std::string()))
      .line(
          summary_label("MACs per cycle") + significant_text(d.macs_per_compute_cycle()) +
          " while computing (peak " +
          significant_text(double(p.rows) * p.cols / b.compute_cycles(job.setup, job.prec.abits)) +
          ")")
      .add("simulated_mvm_per_s", mvm_per_s, "simulated MVM/s", significant_text(mvm_per_s))
      .add("movement", movement_summary(d))
      .add("mismatch", ok ? nlohmann::json(nullptr) : nlohmann::json(o.failure));
  if (ok) s.add("accuracy", error_summary(o.error, "vs exact product"));
  if (!job.trace.path.empty()) s.line(summary_label("waveform") + job.trace.path);
  return s;
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
  if (!o.failure.empty()) {
    std::cout << "MISMATCH: " << o.failure << "\n";
  } else {
    write_array(job.out, o.y, rank);
  }
  const Summary summary = mvm_summary(job, b, w, x, o);
  summary.print(std::cout);
  if (!job.json.empty()) cli::write_json(job.json, summary.json());
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
