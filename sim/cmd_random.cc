// SPDX-License-Identifier: Apache-2.0
#include "cmd_random.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "activity.h"
#include "cim/array_file.h"
#include "cli.h"
#include "environment.h"
#include "progress.h"
#include "reports.h"
#include "traffic.h"

namespace cim {
namespace {

// A waveform past this size draws a warning (once): narrow it with --trace-from/--trace-cycles.
constexpr std::uintmax_t kTraceWarnBytes = std::uintmax_t{1} << 30;

struct RandomJob {
  cli::MacroOptions macro;
  std::uint64_t seed = 1;
  std::uint64_t count = 2000;
  cli::PrecisionOptions precision;
  bool random_precision = false;
  std::string traffic = "full";
  double backpressure = 0.0;
  CLI::Option* backpressure_option = nullptr;
  std::string check_name;  // empty: the backend's claim
  std::uint64_t max_latency = 0;
  double max_rmse = -1.0;  // below 0: not bounded
  std::vector<std::string> plusargs;
  cli::TraceOptions trace;
  std::string activity, json, synth_report;
  std::optional<MeasuredEnergy> measured;  // from --synth-report
  std::uint64_t max_cycles = 0;
  bool no_progress = false;
  std::string command;  // the command line, for "reproduce with"

  MacroSetup setup;
  std::optional<Precision> prec;  // empty: random per request
  CheckMode check = CheckMode::kCycleExact;
  TrafficMix mix;
};

// Full traffic (the default): what finds the most in the fewest cycles. A random precision and
// signs per request (unless one is given), back-pressure, writes and reads interleaved with the
// MVMs and a reset now and then. Quiet traffic: requests alone, at the given (or full) precision.
constexpr double kFullBackpressure = 0.2;
constexpr double kFullStorageTraffic = 0.02;  // chance a write (a read) starts in a cycle
constexpr double kFullReset = 1.0 / 2000;     // chance of a reset in a cycle
// The share of requests with a precision outside the macro's (zero, or above ABITS or WBITS): a
// DUT must answer each with rsp_err_o (docs/your-macro.md). Writes and reads address rows past
// ROWS too, where the row port can: a missing row reads as zero and a write to it changes nothing.
constexpr double kFullBadPrecision = 0.02;

// Checks what the option library cannot: ranges that depend on the macro, combinations.
void check(RandomJob& job) {
  const Backend& b = job.macro.backend_checked();
  job.setup = job.macro.setup(job.seed);
  if (job.random_precision && job.precision.given()) {
    throw CLI::ValidationError("--random-precision",
                               "cannot be combined with --abits, --wbits, --asigned or --wsigned");
  }
  const bool full = job.traffic == "full";
  if (!job.random_precision && !(full && !job.precision.given())) {
    job.prec = job.precision.resolve(b, job.setup);
  }
  job.trace.check(b);
  job.check = job.check_name.empty() ? b.claimed_check() : parse_check_mode(job.check_name);
  if (job.max_latency && job.check != CheckMode::kTransaction) {
    throw CLI::ValidationError("--max-latency",
                               "bounds a DUT checked by transaction "
                               "(--check transaction); cycle-exact checks every cycle");
  }
  if (job.max_rmse >= 0.0 && !b.kind().has_adc()) {
    throw CLI::ValidationError("--max-rmse", "bounds an analog macro's error; " + b.name() +
                                                 "'s answers are compared exactly");
  }
  if (!job.plusargs.empty() && !b.verilated()) {
    throw CLI::ValidationError("--plusarg", "is for a Verilated backend's RTL, not " + b.name());
  }
  for (const std::string& a : job.plusargs) {
    if (a.size() < 2 || a[0] != '+' || a.find_first_of(" \t\n") != std::string::npos) {
      throw CLI::ValidationError("--plusarg", "'" + a + "' is not +NAME or +NAME=VALUE");
    }
  }
  if (!job.synth_report.empty()) {
    MacroKind kind{};  // read_synth_report sets it
    job.measured = read_synth_report(job.synth_report, kind);
    if (kind != b.macro()) {
      throw CLI::ValidationError("--synth-report", job.synth_report + " is a report of the " +
                                                       macro_kind(kind).name() + " macro, not of " +
                                                       b.name() + "'s");
    }
  }
  job.mix.prec = job.prec;
  job.mix.full_wbits = b.kind().full_wbits_only(job.setup);
  const bool backpressure_given = job.backpressure_option->count() > 0;
  job.mix.p_rsp_ready = 1.0 - (full && !backpressure_given ? kFullBackpressure : job.backpressure);
  if (full) {
    job.mix.p_write = job.mix.p_read = kFullStorageTraffic;
    job.mix.p_reset = kFullReset;
    job.mix.p_bad_precision = kFullBadPrecision;
    job.mix.include_missing_rows = true;
  } else {
    job.mix.one_wset = true;  // the stream of one weight tile (make synth's power workload)
  }
}

std::string describe_traffic(const RandomJob& job) {
  std::string t = job.prec ? cli::describe(*job.prec) : "random precision per request";
  if (job.mix.p_rsp_ready < 1.0) {
    std::ostringstream bp;
    bp << 1.0 - job.mix.p_rsp_ready;
    t += ", back-pressure " + bp.str();
  }
  if (job.mix.p_write > 0.0) t += ", writes and reads interleaved";
  if (job.mix.p_bad_precision > 0.0) {
    std::ostringstream share;
    share << 100 * job.mix.p_bad_precision;
    t += ", " + share.str() + " % of requests out of range";
  }
  if (job.mix.p_reset > 0.0) t += ", resets at random";
  if (job.setup.params.wsets > 1)
    t += job.mix.one_wset ? ", weight set 0" : ", weight sets at random";
  return t;
}

// What a run measured, for the summary and its JSON.
struct RandomOutcome {
  std::string failure;  // empty: every check held
  double seconds = 0.0;
  std::uint64_t load_end = 0, end = 0;  // cycles: weights loaded, last
  std::uint64_t responses = 0, errors = 0, resets = 0;

  std::uint64_t mvm_cycles() const { return end - load_end; }
  std::uint64_t computed() const { return responses - errors; }
};

// Drives the traffic until `job.count` responses are checked (or a check fails: `failure`),
// stopping with an error when nothing is answered for a timeout or past --max-cycles.
void drive(const RandomJob& job, Environment& env, RandomTraffic& traffic, RandomOutcome& o) {
  const Params& p = job.setup.params;
  const Backend& b = job.macro.backend_checked();
  const std::uint64_t max_cycles =
      job.max_cycles
          ? job.max_cycles
          : 100 * job.count *
                    (std::uint64_t(p.compute_cycles(p.abits)) * std::uint64_t(b.phases(job.setup)) +
                     1) +
                100000;
  ProgressBar bar(job.count, !job.no_progress);
  const auto start = std::chrono::steady_clock::now();
  bool warned = false;
  std::uint64_t idle = 0, last_responses = 0;
  try {
    while (env.scoreboard().responses_checked() < job.count) {
      traffic.cycle();
      const std::uint64_t done = env.scoreboard().responses_checked();
      bar.update(done);
      idle = done == last_responses ? idle + 1 : 0;
      last_responses = done;
      const std::uint64_t cycle = env.lockstep().cycle();
      if (idle == Driver::kTimeoutCycles) {
        throw std::runtime_error("no response accepted in " + std::to_string(idle) +
                                 " cycles, at cycle " + std::to_string(cycle));
      }
      if (cycle - o.load_end >= max_cycles) {
        throw std::runtime_error("stopped at --max-cycles " + std::to_string(max_cycles) +
                                 " with " + std::to_string(done) + " of " +
                                 std::to_string(job.count) + " MVMs done");
      }
      if (!job.trace.path.empty() && !warned && cycle % 65536 == 0 &&
          std::filesystem::exists(job.trace.path) &&
          std::filesystem::file_size(job.trace.path) > kTraceWarnBytes) {
        bar.finish();
        std::cerr << "cimsim: warning: waveform " << job.trace.path << " has passed 1 GiB at cycle "
                  << cycle << "; narrow it with --trace-from and --trace-cycles\n";
        warned = true;
      }
    }
  } catch (const CheckFailure& m) {
    o.failure = m.what();
  }
  bar.finish();
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.end = env.lockstep().cycle();
  o.responses = env.scoreboard().responses_checked();
  o.errors = env.scoreboard().errors_checked();
  o.resets = traffic.resets();
}

void print_summary(const RandomJob& job, const Environment& env, const RandomOutcome& o) {
  const Params& p = job.setup.params;
  const double macs = double(o.computed()) * p.rows * p.cols;
  const LatencyMonitor& lat = env.latency();
  if (!o.failure.empty()) std::cout << "MISMATCH: " << o.failure << "\n";
  std::cout << "summary:\n"
            << "  MVMs checked       " << o.responses;
  if (o.errors) std::cout << " (" << o.errors << " answered rsp_err_o, left out below)";
  std::cout << "\n  cycles             " << o.end << " from reset: weights loaded by cycle "
            << o.load_end << ", MVMs in " << o.mvm_cycles() << "\n"
            << "  mismatches         " << (o.failure.empty() ? 0 : 1)
            << (o.failure.empty() ? "" : " (run stopped at the first)") << "\n"
            << "  MACs per cycle     " << (o.mvm_cycles() ? macs / double(o.mvm_cycles()) : 0.0)
            << "\n"
            << "  simulated MVM/s    " << (o.seconds > 0 ? double(o.responses) / o.seconds : 0.0)
            << "\n"
            << "  simulated cycles/s " << (o.seconds > 0 ? double(o.mvm_cycles()) / o.seconds : 0.0)
            << "\n";
  if (o.resets) std::cout << "  resets             " << o.resets << "\n";
  if (lat.responses()) {
    std::cout << "  latency (cycles)   min " << lat.histogram().begin()->first << ", median "
              << lat.percentile(0.5) << ", 99% " << lat.percentile(0.99) << ", max "
              << lat.histogram().rbegin()->first << "; mean " << lat.mean() << " (reference timing "
              << lat.reference_mean() << ")";
    if (lat.max_latency()) std::cout << ", bound " << lat.max_latency();
    std::cout << "\n  MVMs per cycle     " << lat.throughput() << "\n";
  }
}

// The energy of the MVMs priced with the --synth-report's measured energy per cycle (and the
// modelled crossbar's, on the analog macro), printed; as JSON, or null without a report.
nlohmann::json priced_energy(const RandomJob& job, const RandomOutcome& o,
                             const AnalogEnergyMeter* energy) {
  if (!job.measured || o.computed() == 0) return nullptr;
  const Params& p = job.setup.params;
  const double macs = double(o.computed()) * p.rows * p.cols;
  // The measured energy of the MVMs' cycles, and the modelled crossbar's, per MVM computed.
  const double measured_pj =
      job.measured->pj_per_cycle * double(o.mvm_cycles()) / double(o.computed());
  // The modelled parts per MVM the meter saw accepted (a request still computing at the end
  // included), as printed above.
  const double metered = energy && energy->energy().mvms ? double(energy->energy().mvms) : 1.0;
  const double modelled_pj = energy ? energy->energy().modelled_pj() / metered : 0.0;
  const double adc_pj = energy ? energy->energy().adc_pj / metered : 0.0;
  const double total = measured_pj + modelled_pj;
  const double ops = 2.0 * macs / double(o.computed());
  std::cout << std::fixed << std::setprecision(1) << "  energy per MVM     " << total
            << " pJ: " << measured_pj << " measured (" << job.measured->pj_per_cycle
            << " pJ a cycle, " << job.synth_report << ")";
  if (energy) {
    std::cout << " + " << modelled_pj << " modelled; ADC "
              << (total > 0 ? 100 * adc_pj / total : 0.0) << " %";
  }
  std::cout << std::setprecision(3) << "; " << ops / total << " TOPS/W at this workload";
  if (job.measured->tops_per_mm2 > 0) {
    std::cout << std::setprecision(4) << "; the whole macro's peak " << job.measured->tops_per_mm2
              << " TOPS/mm2 (make synth)";
  }
  std::cout << "\n" << std::defaultfloat << std::setprecision(6);
  return {{"measured_pj_per_mvm", measured_pj},
          {"modelled_pj_per_mvm", modelled_pj},
          {"total_pj_per_mvm", total},
          {"adc_share", total > 0 ? adc_pj / total : 0.0},
          {"tops_per_w", ops / total},
          {"synth_report", job.synth_report},
          {"tops_per_mm2_peak", job.measured->tops_per_mm2 > 0
                                    ? nlohmann::json(job.measured->tops_per_mm2)
                                    : nlohmann::json(nullptr)}};
}

nlohmann::json summary_json(const RandomJob& job, const Environment& env, const RandomOutcome& o,
                            const AnalogEnergyMeter* energy) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  const double macs = double(o.computed()) * p.rows * p.cols;
  const LatencyMonitor& lat = env.latency();
  nlohmann::json histogram = nlohmann::json::object();  // "latency in cycles": responses
  for (const auto& [latency, count] : lat.histogram()) histogram[std::to_string(latency)] = count;
  nlohmann::json j = cli::json_head("opencim.cimsim.random/1", b, job.setup);
  j.update({
      {"seed", job.seed},
      {"count", job.count},
      {"precision", job.prec ? cli::precision_json(*job.prec) : nlohmann::json("random")},
      {"traffic", job.traffic},
      {"backpressure", 1.0 - job.mix.p_rsp_ready},
      {"check", check_mode_name(job.check)},
      {"resets", o.resets},
      {"latency",
       {{"histogram", histogram},
        {"mean", lat.mean()},
        {"reference_mean", lat.reference_mean()},
        {"max_allowed",
         lat.max_latency() ? nlohmann::json(lat.max_latency()) : nlohmann::json(nullptr)}}},
      {"mvms_per_cycle", lat.throughput()},
      {"mvms_checked", o.responses},
      {"error_responses", o.errors},
      {"cycles", {{"total", o.end}, {"weights_loaded", o.load_end}, {"mvms", o.mvm_cycles()}}},
      {"macs_per_cycle", o.mvm_cycles() ? macs / double(o.mvm_cycles()) : 0.0},
      {"simulated_mvm_per_s", o.seconds > 0 ? double(o.responses) / o.seconds : 0.0},
      {"mismatch", o.failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.failure)},
      {"waveform",
       job.trace.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.trace.path)},
  });
  if (energy) {
    j["accuracy"] = error_json(env.accuracy());
    j["analog_energy"] =
        analog_energy_json(energy->energy(), energy->parts(), "MVM", double(energy->energy().mvms));
  }
  return j;
}

int run(const RandomJob& job) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  EnvironmentOptions eo = cli::environment_options(b, job.setup, job.seed, &job.trace, job.command);
  eo.check = job.check;
  eo.max_latency = job.max_latency;
  eo.model.plusargs = job.plusargs;
  std::cout << "cimsim: " << job.count << " MVMs on the " << cli::describe(b, job.setup) << ", "
            << describe_traffic(job) << ", seed " << job.seed << ", checked "
            << (job.check == CheckMode::kTransaction ? "by transaction" : "cycle-exact") << "\n";
  Environment env(eo);
  // The modelled energy of the analog macro's work (its weights programmed, its MVMs).
  const std::unique_ptr<AnalogEnergyMeter> energy = b.kind().make_energy_meter(job.setup);
  if (energy) {
    env.drv().add_observer(
        [&](std::uint64_t, const Inputs& in, const Outputs& out) { energy->observe(in, out); });
  }
  env.load_random_weights();
  RandomOutcome o;
  o.load_end = env.lockstep().cycle();
  // Activity covers the MVMs only, with the weights already in place, as in inference.
  ActivityCounter activity(p);
  env.drv().add_observer(
      [&](std::uint64_t, const Inputs& in, const Outputs&) { activity.observe(in); });
  RandomTraffic traffic(env.drv(), env.rng(), job.mix);
  drive(job, env, traffic, o);
  // An inexact analog DUT is measured, and fails past the tolerance the user set.
  const ErrorStats& acc = env.accuracy();
  if (o.failure.empty() && job.max_rmse >= 0.0 && acc.outputs() && acc.rmse() > job.max_rmse) {
    o.failure = "RMSE " + std::to_string(acc.rmse()) + " against mvm() over " +
                std::to_string(acc.outputs()) + " outputs is above --max-rmse " +
                std::to_string(job.max_rmse) + " (" + env.context() + ")";
  }
  print_summary(job, env, o);
  if (energy) {
    std::cout << "  accuracy vs exact integer MVM (" << acc.outputs() << " outputs):\n"
              << "    RMSE             " << acc.rmse() << "\n"
              << "    max |error|      " << acc.max_error() << "\n"
              << "    SNR              " << acc.snr_db() << " dB\n";
    print_analog_energy(energy->energy(), energy->parts(), "MVM", double(energy->energy().mvms));
  }
  const nlohmann::json priced = priced_energy(job, o, energy ? &*energy : nullptr);
  if (!job.trace.path.empty()) std::cout << "  waveform           " << job.trace.path << "\n";
  if (o.failure.empty() && !job.activity.empty()) {
    std::ofstream out(job.activity);
    activity.write_sta(out);
    if (!out) throw std::runtime_error("cannot write activity file " + job.activity);
    std::cout << "  activity           " << job.activity << " (" << activity.cycles()
              << " cycles)\n";
  }
  if (!job.json.empty()) {
    nlohmann::json j = summary_json(job, env, o, energy ? &*energy : nullptr);
    j["energy"] = priced;
    cli::write_json(job.json, j);
  }
  return o.failure.empty() ? 0 : 1;
}

}  // namespace

std::function<int()> add_random_command(CLI::App* cmd, const std::string& command_line) {
  auto job = std::make_shared<RandomJob>();
  job->macro.add_to(*cmd);
  cli::add_seed_option(*cmd, job->seed, "weights, activations, devices");
  cmd->add_option("--count", job->count, "MVMs to run")
      ->check(cli::whole(1, 100000000))
      ->capture_default_str();
  job->precision.add_to(*cmd);
  cmd->add_flag("--random-precision", job->random_precision,
                "draw precision and signs at random for every request (full traffic does, "
                "unless a precision is given)");
  cmd->add_option("--traffic", job->traffic,
                  "full: random precision, signs and weight sets, back-pressure 0.2, writes and "
                  "reads interleaved (rows past ROWS too), resets at random, 2 % of requests "
                  "out of range (answered rsp_err_o); quiet: requests alone at the given "
                  "precision, on weight set 0")
      ->check(CLI::IsMember({"full", "quiet"}))
      ->capture_default_str();
  job->backpressure_option =
      cmd->add_option("--backpressure", job->backpressure,
                      "probability that rsp_ready_i is low in a cycle (below 1: a response must "
                      "leave some time; default 0.2 with full traffic, else 0)")
          ->check(cli::real(0.0, 0.99));
  cmd->add_option("--check", job->check_name,
                  std::string("cycle-exact: every port every cycle against the golden model; "
                              "transaction: responses, reads, handshakes and latency on the ports "
                              "(default: what the backend claims)"))
      ->check(CLI::IsMember(
          {check_mode_name(CheckMode::kCycleExact), check_mode_name(CheckMode::kTransaction)}));
  cmd->add_option("--max-latency", job->max_latency,
                  "checked by transaction: a response within this many cycles of its request, "
                  "not counting cycles back-pressure held the port (default 8 times the "
                  "reference macro's)")
      ->check(cli::whole(1, 1000000));
  cmd->add_option("--max-rmse", job->max_rmse,
                  "an analog macro: fail when the RMSE of its results against mvm() is above "
                  "this (in output LSBs)")
      ->check(cli::real(0.0, 1e12));
  cmd->add_option("--plusarg", job->plusargs,
                  "+NAME[=VALUE] for the Verilated RTL ($test$plusargs / $value$plusargs); "
                  "repeatable");
  cmd->add_option("--max-cycles", job->max_cycles,
                  "stop with an error after this many cycles of MVMs (default: 100 times what "
                  "the MVMs need)")
      ->check(cli::whole(1, ~0ull));
  job->trace.add_to(*cmd);
  cmd->add_option("--activity", job->activity,
                  "write the input ports' switching activity during the MVMs to this file, as "
                  "OpenSTA set_power_activity commands")
      ->check(cli::writable_file());
  cmd->add_option("--synth-report", job->synth_report,
                  "a make synth report.json of this macro: the energy it measured per cycle prices "
                  "the MVMs' cycles (the analog macro's periphery; its crossbar is modelled)")
      ->check(CLI::ExistingFile);
  cli::add_json_option(*cmd, job->json);
  cmd->add_flag("--no-progress", job->no_progress, "do not draw the progress bar");
  return [job, cmd, &command_line]() {
    job->command = cli::reproducing(command_line, *cmd, job->seed);
    check(*job);
    return run(*job);
  };
}

}  // namespace cim
