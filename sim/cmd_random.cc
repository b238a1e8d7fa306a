// SPDX-License-Identifier: Apache-2.0
#include "cmd_random.h"

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
#include "cim/random_run.h"
#include "cli.h"
#include "progress.h"
#include "reports.h"

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
  EnergyPricer pricer;  // --synth-report's
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
    SynthReport report = read_synth_report(job.synth_report);
    const MacroKind kind = report.macro;
    job.pricer.add(std::move(report));
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

// The latency histogram, its mean against the reference timing, and the bound checked.
Summary latency_summary(const LatencyMonitor& lat) {
  nlohmann::json histogram = nlohmann::json::object();  // "latency in cycles": responses
  for (const auto& [latency, count] : lat.histogram()) histogram[std::to_string(latency)] = count;
  Summary s;
  s.add("histogram", histogram)
      .add("reference_mean", lat.reference_mean())
      .add("max_allowed",
           lat.max_latency() ? nlohmann::json(lat.max_latency()) : nlohmann::json(nullptr));
  if (!lat.responses()) return s.add("mean", lat.mean());
  return s.add("mean", lat.mean(), "latency (cycles)",
               "min " + std::to_string(lat.histogram().begin()->first) + ", median " +
                   std::to_string(lat.percentile(0.5)) + ", 99% " +
                   std::to_string(lat.percentile(0.99)) + ", max " +
                   std::to_string(lat.histogram().rbegin()->first) + "; mean " +
                   significant_text(lat.mean()) + " (reference timing " +
                   significant_text(lat.reference_mean()) + ")" +
                   (lat.max_latency() ? ", bound " + std::to_string(lat.max_latency()) : ""));
}

// The energy of the MVMs priced with the --synth-report's measured energy per cycle (and the
// modelled crossbar's, on the analog macro); null without a report.
Summary priced_energy_summary(const RandomJob& job, const RandomSummary& o) {
  if (!o.energy || o.computed() == 0) return Summary::of_json(nullptr);
  const Params& p = job.setup.params;
  const double macs = double(o.computed()) * p.rows * p.cols;
  // The measured energy of the MVMs' cycles per MVM computed, and the modelled parts per MVM the
  // meter saw accepted (a request still computing at the end included).
  const double measured_pj = o.energy->measured / double(o.computed());
  const double metered = o.modelled && o.modelled->mvms ? double(o.modelled->mvms) : 1.0;
  const double modelled_pj = o.energy->modelled() / metered;
  const double adc_pj = o.energy->adc / metered;
  const double total = measured_pj + modelled_pj;
  const double ops = 2.0 * macs / double(o.computed());
  const double tops_per_mm2 = o.report->tops_per_mm2;
  const double adc_share = total > 0 ? adc_pj / total : 0.0;
  Summary s;
  s.add("measured_pj_per_mvm", measured_pj)
      .add("modelled_pj_per_mvm", modelled_pj)
      .add("adc_share", adc_share)
      .add("tops_per_w", ops / total)
      .add("synth_report", o.report->path)
      .add("tops_per_mm2_peak",
           tops_per_mm2 > 0 ? nlohmann::json(tops_per_mm2) : nlohmann::json(nullptr))
      .add("total_pj_per_mvm", total, "energy per MVM",
           number_text(total, 1) + " pJ: " + number_text(measured_pj, 1) + " measured (" +
               number_text(o.report->pj_per_cycle, 1) + " pJ a cycle, " + o.report->path + ")" +
               (o.modelled ? " + " + number_text(modelled_pj, 1) + " modelled; ADC " +
                                 number_text(100 * adc_share, 1) + " %"
                           : "") +
               "; " + number_text(ops / total, 3) + " TOPS/W at this workload" +
               (tops_per_mm2 > 0 ? "; the whole macro's peak " + number_text(tops_per_mm2, 4) +
                                       " TOPS/mm2 (make synth)"
                                 : ""));
  return s;
}

// The run's summary (summary.h): printed, and --json's record.
Summary random_summary(const RandomJob& job, const RandomSummary& o) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  const double macs = double(o.computed()) * p.rows * p.cols;
  const LatencyMonitor& lat = o.latency;
  const bool ok = o.failure.empty();
  const double mvm_per_s = o.seconds > 0 ? double(o.responses) / o.seconds : 0.0;
  const double macs_per_cycle = o.mvm_cycles() ? macs / double(o.mvm_cycles()) : 0.0;
  Summary s = Summary::of_json(cli::json_head("opencim.cimsim.random/1", b, job.setup));
  s.add("seed", job.seed)
      .add("count", job.count)
      .add("precision", job.prec ? cli::precision_json(*job.prec) : nlohmann::json("random"))
      .add("traffic", job.traffic)
      .add("backpressure", 1.0 - job.mix.p_rsp_ready)
      .add("check", check_mode_name(job.check));
  if (!ok) s.line("MISMATCH: " + o.failure);
  s.line("summary:")
      .add("error_responses", o.errors)
      .add("mvms_checked", o.responses, "MVMs checked",
           std::to_string(o.responses) +
               (o.errors ? " (" + std::to_string(o.errors) + " answered rsp_err_o, left out below)"
                         : ""))
      .add("cycles", {{"total", o.end}, {"weights_loaded", o.load_end}, {"mvms", o.mvm_cycles()}},
           "cycles",
           std::to_string(o.end) + " from reset: weights loaded by cycle " +
               std::to_string(o.load_end) + ", MVMs in " + std::to_string(o.mvm_cycles()))
      .add("mismatch", ok ? nlohmann::json(nullptr) : nlohmann::json(o.failure), "mismatches",
           ok ? "0" : "1 (run stopped at the first)")
      .add("macs_per_cycle", macs_per_cycle, "MACs per cycle", significant_text(macs_per_cycle))
      .add("simulated_mvm_per_s", mvm_per_s, "simulated MVM/s", significant_text(mvm_per_s))
      .line(summary_label("simulated cycles/s") +
            significant_text(o.seconds > 0 ? double(o.mvm_cycles()) / o.seconds : 0.0));
  if (o.resets) {
    s.add("resets", o.resets, "resets", std::to_string(o.resets));
  } else {
    s.add("resets", o.resets);
  }
  s.add("latency", latency_summary(lat));
  if (lat.responses()) {
    s.add("mvms_per_cycle", lat.throughput(), "MVMs per cycle", significant_text(lat.throughput()));
  } else {
    s.add("mvms_per_cycle", lat.throughput());
  }
  if (o.modelled) {
    s.add("accuracy", error_summary(o.accuracy, "vs exact MVM"))
        .add("analog_energy",
             analog_energy_summary(*o.modelled, *o.parts, "MVM", double(o.modelled->mvms)));
  }
  s.add("energy", priced_energy_summary(job, o));
  const std::string wave = job.trace.path;
  if (wave.empty()) return s.add("waveform", nullptr);
  return s.add("waveform", wave, "waveform", wave);
}

// The run's spec: the environment, the traffic, the limits, and the hooks that draw the
// progress bar, warn of a growing waveform and count the MVMs' activity.
RandomRunSpec run_spec(const RandomJob& job, ProgressBar& bar, ActivityCounter& activity) {
  const Backend& b = job.macro.backend_checked();
  RandomRunSpec spec;
  spec.env = cli::environment_options(b, job.setup, job.seed, &job.trace, job.command);
  spec.mix = job.mix;
  spec.count = job.count;
  spec.max_cycles = job.max_cycles;
  spec.max_rmse = job.max_rmse;
  spec.pricer = &job.pricer;
  spec.env.check = job.check;
  spec.env.max_latency = job.max_latency;
  spec.env.model.plusargs = job.plusargs;
  // Activity covers the MVMs only, with the weights already in place, as in inference.
  spec.on_weights_loaded = [&activity](Environment& env) {
    env.drv().add_observer(
        [&activity](std::uint64_t, const Inputs& in, const Outputs&) { activity.observe(in); });
  };
  spec.on_cycle = [&job, &bar, warned = false](std::uint64_t done, std::uint64_t cycle) mutable {
    bar.update(done);
    if (!job.trace.path.empty() && !warned && cycle % 65536 == 0 &&
        std::filesystem::exists(job.trace.path) &&
        std::filesystem::file_size(job.trace.path) > kTraceWarnBytes) {
      bar.finish();
      std::cerr << "cimsim: warning: waveform " << job.trace.path << " has passed 1 GiB at cycle "
                << cycle << "; narrow it with --trace-from and --trace-cycles\n";
      warned = true;
    }
  };
  return spec;
}

int run(const RandomJob& job) {
  const Backend& b = job.macro.backend_checked();
  std::cout << "cimsim: " << job.count << " MVMs on the " << cli::describe(b, job.setup) << ", "
            << describe_traffic(job) << ", seed " << job.seed << ", checked "
            << (job.check == CheckMode::kTransaction ? "by transaction" : "cycle-exact") << "\n";
  ActivityCounter activity(job.setup.params);
  ProgressBar bar(job.count, !job.no_progress);
  const RandomSummary o = run_random(run_spec(job, bar, activity));
  bar.finish();
  const Summary summary = random_summary(job, o);
  summary.print(std::cout);
  if (o.failure.empty() && !job.activity.empty()) {
    std::ofstream out(job.activity);
    activity.write_sta(out);
    if (!out) throw std::runtime_error("cannot write activity file " + job.activity);
    std::cout << "  activity           " << job.activity << " (" << activity.cycles()
              << " cycles)\n";
  }
  if (!job.json.empty()) cli::write_json(job.json, summary.json());
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
