// SPDX-License-Identifier: Apache-2.0
// The Verilated cim_analog_macro in the same harness as the digital macro: every port, every cycle
// against the golden cycle model with the analog crossbar, and against mvm() when ideal.
#include <gtest/gtest.h>

#include <cmath>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

std::string analog_name(const ::testing::TestParamInfo<AnalogConfig>& info) {
  return info.param.name();
}

std::vector<AnalogConfig> exact_configs() {
  std::vector<AnalogConfig> v;
  for (const AnalogConfig& c : analog_configs()) {
    if (c.analog.adc_bits >= c.analog.exact_adc_bits(c.params)) v.push_back(c);
  }
  return v;
}

// Every non-ideality on (IR drop in half of them), magnitudes and device preset drawn from the
// seed: one random configuration per seed, two stuck devices from a fault map; the ADC ranges from
// adc_range in half of them, calibrated (a random shift per column pair) in the other half.
AnalogSettings random_settings(std::mt19937_64& rng, const AnalogConfig& cfg) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  AnalogSettings s;
  // Each device preset's polynomial and conductances in turn (ReRAM's fourth-order one included).
  apply_device_preset(device_presets()[rng() % device_presets().size()], s);
  s.seed = rng();
  s.prog_noise = s.read_noise = s.drift = true;
  s.drift_comp = rng() & 1;
  s.prog_scale = 0.5 + 1.5 * u(rng);
  s.read_sigma = 0.05 * u(rng);
  s.drift_t = 20.0 + 1e5 * u(rng);
  s.stuck_rate = 0.02 * u(rng);
  // Half the configurations without IR drop: the conversion's faster path for r_wire = 0.
  s.r_wire = (rng() & 1) ? 5.0 * u(rng) : 0.0;
  s.adc_offset_sigma = 0.5 * u(rng);
  s.adc_gain_sigma = 0.02 * u(rng);
  s.adc_range = 0.5 + 0.5 * u(rng);
  // Two devices from a fault map (the file the crossbar reads at time 0); the same device twice is
  // one fault.
  const Params& p = cfg.params;
  const int slices = cfg.analog.slices(p);
  for (int i = 0; i < 2; ++i) {
    const Fault f{int(rng() % std::uint64_t(p.rows)), int(rng() % std::uint64_t(p.cols)),
                  int(rng() % std::uint64_t(slices)), bool(rng() & 1),
                  (rng() & 1) ? Stuck::kGmax : Stuck::kGmin};
    if (i == 0 || f.row != s.faults[0].row || f.col != s.faults[0].col ||
        f.slice != s.faults[0].slice || f.negative != s.faults[0].negative) {
      s.faults.push_back(f);
    }
  }
  if (rng() & 1) {
    std::uniform_int_distribution<int> shift(0, adc_shift_for_range(p, cfg.analog, 1.0));
    s.adc_shifts.resize(std::size_t(p.cols * slices));
    for (int& k : s.adc_shifts) k = shift(rng);
  }
  return s;
}

// With every non-ideality off and an ADC of exact_adc_bits(), the analog macro answers what the
// digital macro answers (mvm()) in every mode it supports: all of them with one bit per device,
// wbits = WBITS with multi-bit cells (other wbits answer err).
class AnalogIdeal : public ::testing::TestWithParam<AnalogConfig> {};

TEST_P(AnalogIdeal, MatchesTheDigitalMacroInEverySupportedMode) {
  const AnalogConfig cfg = GetParam();
  const Params& p = cfg.params;
  Testbench tb(p, AnalogSetup{cfg.analog, AnalogSettings{}});
  ASSERT_TRUE(tb.checks_mvm());
  tb.load_random_weights();
  int exact = 0;
  for (int abits = 1; abits <= p.abits; ++abits) {
    for (int wbits = 1; wbits <= p.wbits; ++wbits) {
      for (int mode = 0; mode < 4; ++mode) {
        const Precision prec{abits, wbits, bool(mode & 1), bool(mode & 2)};
        std::vector<Request> reqs;
        for (int i = 0; i < 2; ++i) reqs.push_back(tb.random_request(prec));
        const std::vector<Response> rsp = tb.drv().stream(reqs);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
          if (analog_precision_ok(p, cfg.analog, prec)) {
            ASSERT_EQ(rsp[i], expected(tb, reqs[i]))
                << "abits " << abits << " wbits " << wbits << " mode " << mode;
            ++exact;
          } else {
            EXPECT_TRUE(rsp[i].err);
          }
        }
      }
    }
  }
  EXPECT_EQ(exact, 2 * 4 * p.abits * (cfg.analog.cell_bits == 1 ? p.wbits : 1));
  // Read-back of an ideal array returns the written weights (the scoreboard checked every read).
  for (int r = 0; r < p.rows; ++r) tb.drv().read_row(r);
  EXPECT_EQ(tb.scoreboard().reads_checked(), std::uint64_t(p.rows));
}

INSTANTIATE_TEST_SUITE_P(ExactAdc, AnalogIdeal, ::testing::ValuesIn(exact_configs()), analog_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(AnalogIdeal);

// Bit-exact agreement with the golden analog model with every non-ideality on, under random
// traffic (writes, reads, back-pressure, out-of-range and unsupported precisions).
class AnalogRandom : public ::testing::TestWithParam<AnalogConfig> {};

TEST_P(AnalogRandom, BitExactWithEveryNonIdealityOn) {
  const AnalogConfig cfg = GetParam();
  std::mt19937_64 settings_rng(test_seed());
  const AnalogSettings s = random_settings(settings_rng, cfg);
  Testbench tb(cfg.params, AnalogSetup{cfg.analog, s});
  tb.load_random_weights();
  // With multi-bit cells random precisions keep wbits = WBITS (other wbits only answer err).
  const TrafficMix mix{.p_write = 0.02,
                       .p_read = 0.05,
                       .p_request = 0.9,
                       .p_rsp_ready = 0.85,
                       .p_bad_precision = 0.02,
                       .full_wbits = cfg.analog.cell_bits > 1};
  RandomTraffic traffic(tb.drv(), tb.rng(), mix);
  // 800 computed MVMs per compiled set, 2,400 in all, besides the error responses.
  const std::uint64_t want = 800;
  auto computed = [&] { return tb.lockstep().responses() - tb.lockstep().error_responses(); };
  while (computed() < want) traffic.cycle();
  EXPECT_GE(computed(), want);
  EXPECT_GT(tb.lockstep().error_responses(), 0u);
  RecordProperty("mvms", std::to_string(computed()));  // make regress adds these up
}

INSTANTIATE_TEST_SUITE_P(AllAnalog, AnalogRandom, ::testing::ValuesIn(analog_configs()),
                         analog_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(AnalogRandom);

// Settings are run-time: 20 programming-noise levels on one compiled model, no rebuild; every
// level agrees with the golden model, and the error grows with the noise.
TEST(Analog, TwentyNoiseLevelsWithoutRebuilding) {
  const AnalogConfig cfg = analog_configs().front();
  const Params& p = cfg.params;
  std::vector<double> rms;
  for (int level = 0; level < 20; ++level) {
    AnalogSettings s;
    s.seed = 5;
    s.prog_noise = level > 0;
    s.prog_scale = 0.25 * level;
    Testbench tb(p, AnalogSetup{cfg.analog, s});
    const WeightMatrix w = tb.load_random_weights();
    double sum_sq = 0.0;
    int n = 0;
    for (int i = 0; i < 4; ++i) {
      const Request req = tb.random_request(Precision{p.abits, p.wbits, false, false});
      const Response got = tb.drv().mvm(req);
      const Response want = reference(p, w, req);
      for (int c = 0; c < p.cols; ++c, ++n)
        sum_sq += std::pow(double(got.data[c] - want.data[c]), 2);
    }
    rms.push_back(std::sqrt(sum_sq / n));
  }
  EXPECT_EQ(rms.front(), 0.0);
  EXPECT_GT(rms.back(), rms[1]);
  EXPECT_GT(rms[10], rms[1]);
}

TEST(Analog, SameSeedSameOutputsNewSeedDifferent) {
  const AnalogConfig cfg = analog_configs().front();
  auto run = [&](std::uint64_t seed) {
    std::mt19937_64 rng(test_seed());
    AnalogSettings s = random_settings(rng, cfg);
    s.seed = seed;
    Testbench tb(cfg.params, AnalogSetup{cfg.analog, s});
    tb.load_random_weights();
    std::vector<Request> reqs;
    const Params& p = cfg.params;
    for (int i = 0; i < 10; ++i)
      reqs.push_back(tb.random_request(Precision{p.abits, p.wbits, true, true}));
    return tb.drv().stream(reqs);
  };
  EXPECT_EQ(run(21), run(21));
  EXPECT_NE(run(21), run(22));
}

TEST(Analog, UncompiledParametersNameTheCompiledSets) {
  try {
    make_analog_macro(Params{64, 16, 8, 8}, AnalogSetup{AnalogParams{2, 9, 1}, {}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("r64_c16_w8_a8_cb2_adc8_s1"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace cim::test
