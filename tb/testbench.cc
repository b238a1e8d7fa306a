#include "testbench.h"

#include <cstdlib>
#include <functional>
#include <iostream>
#include <stdexcept>

namespace cim::test {

std::string test_name() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "no_test";
  for (char& ch : name) {
    if (ch == '/') ch = '_';
  }
  return name;
}

std::uint64_t test_seed() {
  if (const char* env = std::getenv("CIM_SEED")) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (*env == '\0' || *end != '\0') {
      throw std::invalid_argument("CIM_SEED='" + std::string(env) + "' is not a decimal number");
    }
    return v;
  }
  // FNV-1a of the test name: stable across runs and machines, different per test.
  std::uint64_t h = 1469598103934665603ull;
  for (char ch : test_name()) h = (h ^ std::uint8_t(ch)) * 1099511628211ull;
  return h % 1000000007ull;
}

namespace {

std::unique_ptr<Macro> make_lockstep(const Params& p, const std::string& backend,
                                     const AnalogSetup& analog, const ModelOptions& opt,
                                     std::uint64_t seed, const std::string& name, Lockstep** out) {
  ModelOptions dut_opt = opt;
  if (dut_opt.seed == 0) dut_opt.seed = seed;
  const std::string context = "seed " + std::to_string(seed) + ", reproduce with CIM_SEED=" +
                              std::to_string(seed) + ", macro " + name;
  Lockstep::ReplayFactory replay = [p, backend, analog, dut_opt](const std::string& fst) {
    ModelOptions o = dut_opt;
    o.trace_path = fst;
    return make_backend(backend, p, o, analog);
  };
  auto ls = std::make_unique<Lockstep>(make_backend(backend, p, dut_opt, analog),
                                       make_golden_for(backend, p, analog), context, replay,
                                       std::string(CIM_WAVE_DIR) + "/" + test_name() + ".fst");
  *out = ls.get();
  return ls;
}

// The analog macro answers exactly what mvm() predicts only with ideal devices and an ADC whose
// LSB is one conductance level.
bool analog_exact(const Params& p, const AnalogSetup& a) {
  return a.settings.ideal() && a.params.adc_bits >= a.params.exact_adc_bits(p);
}

}  // namespace

Testbench::Testbench(const Params& p, ModelOptions opt)
    : Testbench(p, "digital", AnalogSetup{}, p.name(), std::move(opt)) {}

Testbench::Testbench(const Params& p, const AnalogSetup& analog, ModelOptions opt)
    : Testbench(p, "analog", analog, AnalogConfig{p, analog.params}.name(), std::move(opt)) {}

Testbench::Testbench(const Params& p, const std::string& backend, const AnalogSetup& analog,
                     const std::string& name, ModelOptions opt)
    : p_(p),
      seed_(test_seed()),
      rng_(seed_),
      macro_(make_lockstep(p, backend, analog, opt, seed_, name, &lockstep_)),
      checks_mvm_(backend != "analog" || analog_exact(p, analog)),
      sb_(p, "seed " + std::to_string(seed_) + ", macro " + name,
          backend == "analog" ? Scoreboard::Supports([p, a = analog.params](const Precision& prec) {
            return analog_precision_ok(p, a, prec);
          })
                              : Scoreboard::Supports{}),
      mon_(sb_),
      protocol_("seed " + std::to_string(seed_) + ", macro " + name),
      drv_(*macro_) {
  std::cout << "[ seed     ] " << test_name() << " seed=" << seed_ << " (reproduce: CIM_SEED="
            << seed_ << ")\n";
  ::testing::Test::RecordProperty("seed", std::to_string(seed_));
  drv_.add_observer([this](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
    protocol_.observe(cycle, in, out);
    if (checks_mvm_) mon_.observe(cycle, in, out);
  });
  drv_.reset();
}

std::vector<std::uint32_t> Testbench::random_row() {
  std::vector<std::uint32_t> row(p_.cols);
  for (auto& w : row) w = std::uint32_t(rng_()) & ((1u << p_.wbits) - 1);
  return row;
}

WeightMatrix Testbench::random_weights() {
  WeightMatrix w(p_.rows, p_.cols);
  for (int r = 0; r < p_.rows; ++r) {
    for (int c = 0; c < p_.cols; ++c) w.at(r, c) = std::uint32_t(rng_()) & ((1u << p_.wbits) - 1);
  }
  return w;
}

WeightMatrix Testbench::load_random_weights() {
  WeightMatrix w = random_weights();
  drv_.load(w);
  return w;
}

Request Testbench::random_request(const Precision& prec) {
  Request req{std::vector<std::uint32_t>(p_.rows), prec};
  for (auto& a : req.act) a = std::uint32_t(rng_()) & ((1u << p_.abits) - 1);
  return req;
}

Precision Testbench::random_precision() {
  std::uniform_int_distribution<int> ab(1, p_.abits), wb(1, p_.wbits);
  return Precision{ab(rng_), wb(rng_), bool(rng_() & 1), bool(rng_() & 1)};
}

Response expected(const Testbench& tb, const Request& req) {
  return reference(tb.params(), tb.scoreboard().shadow(), req);
}

}  // namespace cim::test
