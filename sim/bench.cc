// SPDX-License-Identifier: Apache-2.0
// make bench: the Verilated default macros against the golden models, side by side, bare and
// checked.
//
// Each iteration streams a batch of back-to-back 8-bit MVMs through the macro with the driver, so
// MVM/s includes port packing. Bare runs measure a model alone; checked runs are what cimsim and
// the tests do (the verification environment: lockstep with the golden twin on every port and
// cycle, scoreboard, protocol checker).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "backend.h"
#include "cim/cycle_model.h"
#include "cim/mvm.h"
#include "driver.h"
#include "environment.h"
#include "stimulus.h"

namespace cim {
namespace {

const Params kDefault{64, 16, 8, 8};
constexpr int kBatch = 64;

std::vector<Request> make_batch(RandomStimulus& stimulus) {
  std::vector<Request> reqs;
  for (int i = 0; i < kBatch; ++i) reqs.push_back(stimulus.request(Precision{8, 8, true, true}));
  return reqs;
}

void run_macro(benchmark::State& state, Macro& macro) {
  std::mt19937_64 rng(1);
  RandomStimulus stimulus(kDefault, rng);
  Driver drv(macro);
  drv.reset();
  drv.load(stimulus.weights());
  const std::vector<Request> batch = make_batch(stimulus);
  const std::uint64_t start = macro.cycle();
  for (auto _ : state) benchmark::DoNotOptimize(drv.stream(batch));
  state.SetItemsProcessed(std::int64_t(state.iterations()) * kBatch);
  state.counters["cycles/s"] =
      benchmark::Counter(double(macro.cycle() - start), benchmark::Counter::kIsRate);
}

// Every benchmark: milliseconds, five repetitions reported as their aggregates; the analog ones
// ideal (0) and noisy (1).
void repeated(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly();
}
void ideal_and_noisy(benchmark::internal::Benchmark* b) { repeated(b->Arg(0)->Arg(1)); }
void BM_VerilatedMacro(benchmark::State& state) {
  std::unique_ptr<Macro> macro = make_digital_macro(kDefault);
  run_macro(state, *macro);
}
BENCHMARK(BM_VerilatedMacro)->Apply(repeated);

void BM_GoldenCycleModel(benchmark::State& state) {
  CycleModel macro(kDefault);
  run_macro(state, macro);
}
BENCHMARK(BM_GoldenCycleModel)->Apply(repeated);

// The analog macro as the default (64 x 16, 2-bit cells, 8-bit ADC), ideal or with programming
// and read noise.
MacroSetup analog_setup(bool noisy) {
  MacroSetup s{kDefault, {}};
  s.analog.settings.prog_noise = s.analog.settings.read_noise = noisy;
  return s;
}

void BM_VerilatedAnalog(benchmark::State& state) {
  std::unique_ptr<Macro> macro = find_backend("analog").make(analog_setup(state.range(0)));
  run_macro(state, *macro);
}
BENCHMARK(BM_VerilatedAnalog)->Apply(ideal_and_noisy);

void BM_GoldenAnalogCycleModel(benchmark::State& state) {
  std::unique_ptr<Macro> macro = find_backend("analog-golden").make(analog_setup(state.range(0)));
  run_macro(state, *macro);
}
BENCHMARK(BM_GoldenAnalogCycleModel)->Apply(ideal_and_noisy);

// Checked: the Verilated macro in lockstep with its golden twin, as cimsim runs it.
void run_checked(benchmark::State& state, const std::string& backend, const MacroSetup& setup) {
  EnvironmentOptions eo;
  eo.backend = backend;
  eo.setup = setup;
  Environment env(eo);
  env.load_random_weights();
  const std::vector<Request> batch = make_batch(env.stimulus());
  const std::uint64_t start = env.lockstep().cycle();
  for (auto _ : state) benchmark::DoNotOptimize(env.drv().stream(batch));
  state.SetItemsProcessed(std::int64_t(state.iterations()) * kBatch);
  state.counters["cycles/s"] =
      benchmark::Counter(double(env.lockstep().cycle() - start), benchmark::Counter::kIsRate);
}

void BM_CheckedDigital(benchmark::State& state) { run_checked(state, "digital", {kDefault, {}}); }
BENCHMARK(BM_CheckedDigital)->Apply(repeated);

void BM_CheckedAnalog(benchmark::State& state) {
  run_checked(state, "analog", analog_setup(state.range(0)));
}
BENCHMARK(BM_CheckedAnalog)->Apply(ideal_and_noisy);

void BM_GoldenMvm(benchmark::State& state) {
  std::mt19937_64 rng(1);
  RandomStimulus stimulus(kDefault, rng);
  const WeightMatrix w = stimulus.weights();
  const std::vector<Request> batch = make_batch(stimulus);
  for (auto _ : state) {
    for (const Request& req : batch) benchmark::DoNotOptimize(mvm(w, req.act, req.prec));
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * kBatch);
}
BENCHMARK(BM_GoldenMvm)->Apply(repeated);

// Keeps the median MVM/s of each benchmark for the side-by-side summary.
class MedianCollector : public benchmark::ConsoleReporter {
 public:
  MedianCollector() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.aggregate_name != "median") continue;
      // "BM_CheckedAnalog/1" -> "CheckedAnalog/1"
      std::string name = run.run_name.function_name.substr(3);
      if (!run.run_name.args.empty()) name += "/" + run.run_name.args;
      names.push_back(name);
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) mvm_per_s[name] = it->second.value;
      const auto cyc = run.counters.find("cycles/s");
      if (cyc != run.counters.end()) cycles_per_s[name] = cyc->second.value;
    }
  }
  std::vector<std::string> names;  // in the order they ran
  std::map<std::string, double> mvm_per_s, cycles_per_s;
};

}  // namespace
}  // namespace cim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  cim::MedianCollector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  const auto& m = collector.mvm_per_s;
  if (!m.count("VerilatedMacro")) return 0;
  const double rtl = m.at("VerilatedMacro");
  std::printf(
      "\nside by side, medians of 5, default macros 64x16 (8-bit signed x 8-bit signed; "
      "analog: 2-bit cells, 8-bit ADC; /0 ideal devices, /1 programming and read noise):\n");
  std::printf("  %-28s %14s %14s %18s\n", "model", "MVM/s", "cycles/s", "vs digital RTL");
  for (const std::string& name : collector.names) {
    if (!m.count(name)) continue;
    const auto cyc = collector.cycles_per_s.find(name);
    std::printf(
        "  %-28s %14.0f %14s %17.2fx\n", name.c_str(), m.at(name),
        cyc == collector.cycles_per_s.end() ? "-" : std::to_string(long(cyc->second)).c_str(),
        m.at(name) / rtl);
  }
  return 0;
}
