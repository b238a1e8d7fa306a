// SPDX-License-Identifier: Apache-2.0
// Directed tests of the Verilated cim_macro beyond the contract every backend shares
// (tb/test_contract.cc): every precision mode and full-scale operands on every compiled set, and
// the checker's own self-test. Every test runs in lockstep with the golden cycle model and under
// the scoreboard.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

const Params kDefault{64, 16, 8, 8};

// Every precision and sign mode on every compiled macro, so every partial first activation group
// of the multi-bit-per-cycle builds is exercised.
class EveryPrecision : public ::testing::TestWithParam<BackendCase> {};

TEST_P(EveryPrecision, AndSignModeMatchesGolden) {
  const Params p = GetParam().setup.params;
  Testbench tb(GetParam().backend, GetParam().setup);
  tb.load_random_weights();
  int checked = 0;
  for (int abits = 1; abits <= p.abits; ++abits) {
    for (int wbits = 1; wbits <= p.wbits; ++wbits) {
      for (int mode = 0; mode < 4; ++mode) {
        const Precision prec{abits, wbits, bool(mode & 1), bool(mode & 2)};
        std::vector<Request> reqs;
        for (int i = 0; i < 3; ++i) reqs.push_back(tb.random_request(prec));
        const std::vector<Response> rsp = tb.drv().stream(reqs);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
          ASSERT_EQ(rsp[i], expected(tb, reqs[i]))
              << "abits " << abits << " wbits " << wbits << " asigned " << prec.asigned
              << " wsigned " << prec.wsigned;
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, p.abits * p.wbits * 4 * 3);
  EXPECT_EQ(tb.scoreboard().responses_checked(), std::uint64_t(checked));
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, EveryPrecision, ::testing::ValuesIn(kit_digital_cases()),
                         setup_name);
// Every other DUT (the examples, make test DUT=...), checked as it claims.
INSTANTIATE_TEST_SUITE_P(EveryDut, EveryPrecision, ::testing::ValuesIn(other_digital_dut_cases()),
                         backend_case_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(EveryPrecision);

// The checker itself: a weight the golden model believes differently must be caught, reported
// with cycle, port and both values, and leave a waveform.
TEST(Checker, CatchesACorruptedWeightAndKeepsAWaveform) {
  Testbench tb(kDefault);
  const WeightMatrix w = tb.load_random_weights();
  tb.lockstep().golden()->poke_weight(5, 3, w.at(5, 3) ^ 0x10);
  Request req{std::vector<std::uint32_t>(kDefault.rows, 0), Precision{8, 8, false, false}};
  req.act[5] = 1;
  try {
    tb.drv().mvm(req);
    FAIL() << "the corrupted weight went unnoticed";
  } catch (const Mismatch& m) {
    const std::string what = m.what();
    EXPECT_EQ(m.port(), "rsp_data_o[channel 3]");
    EXPECT_NE(what.find("cycle " + std::to_string(m.cycle())), std::string::npos) << what;
    EXPECT_NE(what.find("CIM_SEED=" + std::to_string(tb.seed())), std::string::npos) << what;
    const std::int64_t want_diff = std::int64_t(w.at(5, 3) ^ 0x10) - std::int64_t(w.at(5, 3));
    EXPECT_EQ(std::stoll(m.expected()) - std::stoll(m.got()), want_diff);
    const std::string wave = std::string(CIM_WAVE_DIR) + "/" + test_name() + ".fst";
    EXPECT_NE(what.find(wave), std::string::npos) << what;
    ASSERT_TRUE(std::filesystem::exists(wave));
    EXPECT_GT(std::filesystem::file_size(wave), 1000u);
    std::filesystem::remove(wave);
  }
}

// CIM_SEED is a decimal seed or nothing: no sign, no wrap-around, named in the message.
TEST(Checker, CimSeedMustBeADecimalWholeNumber) {
  const char* saved = std::getenv("CIM_SEED");
  const std::string restore = saved ? saved : "";
  for (const char* bad : {"-1", "18446744073709551616", "12abc", "", "0x10"}) {
    setenv("CIM_SEED", bad, 1);
    try {
      test_seed();
      ADD_FAILURE() << "CIM_SEED='" << bad << "' was taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("CIM_SEED='" + std::string(bad) + "'"),
                std::string::npos);
    }
  }
  setenv("CIM_SEED", "18446744073709551615", 1);
  EXPECT_EQ(test_seed(), 18446744073709551615ull);
  if (saved) {
    setenv("CIM_SEED", restore.c_str(), 1);
  } else {
    unsetenv("CIM_SEED");
  }
}

}  // namespace
}  // namespace cim::test
