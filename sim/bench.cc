// make bench: the Verilated default macro against the golden models, side by side.
//
// Each iteration streams a batch of back-to-back 8-bit MVMs through the macro with the driver
// (no checking: this measures the models, not the harness), so MVM/s includes port packing.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "cim/cycle_model.h"
#include "cim/mvm.h"
#include "driver.h"
#include "models.h"
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

void BM_VerilatedMacro(benchmark::State& state) {
  std::unique_ptr<Macro> macro = make_digital_macro(kDefault);
  run_macro(state, *macro);
}
BENCHMARK(BM_VerilatedMacro)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly();

void BM_GoldenCycleModel(benchmark::State& state) {
  CycleModel macro(kDefault);
  run_macro(state, macro);
}
BENCHMARK(BM_GoldenCycleModel)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly();

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
BENCHMARK(BM_GoldenMvm)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly();

// Keeps the median MVM/s of each benchmark for the side-by-side summary.
class MedianCollector : public benchmark::ConsoleReporter {
 public:
  MedianCollector() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.aggregate_name != "median") continue;
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) mvm_per_s[run.run_name.function_name] = it->second.value;
      const auto cyc = run.counters.find("cycles/s");
      if (cyc != run.counters.end()) cycles_per_s[run.run_name.function_name] = cyc->second.value;
    }
  }
  std::map<std::string, double> mvm_per_s, cycles_per_s;
};

}  // namespace
}  // namespace cim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  cim::MedianCollector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  const auto& m = collector.mvm_per_s;
  if (!m.count("BM_VerilatedMacro")) return 0;
  const double rtl = m.at("BM_VerilatedMacro");
  std::printf("\nside by side, medians of 5, default macro 64x16 (8-bit signed x 8-bit signed):\n");
  std::printf("  %-22s %14s %14s %12s\n", "model", "MVM/s", "cycles/s", "vs RTL");
  for (const char* name : {"BM_VerilatedMacro", "BM_GoldenCycleModel", "BM_GoldenMvm"}) {
    if (!m.count(name)) continue;
    const auto cyc = collector.cycles_per_s.find(name);
    std::printf("  %-22s %14.0f %14s %11.1fx\n", name + 3, m.at(name),
                cyc == collector.cycles_per_s.end() ? "-" : std::to_string(long(cyc->second)).c_str(),
                m.at(name) / rtl);
  }
  return 0;
}
