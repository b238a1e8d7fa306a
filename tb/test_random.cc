// SPDX-License-Identifier: Apache-2.0
// Random regression: at least 10,000 MVMs over every compiled parameter set (non-power-of-two
// ROWS, precisions other than 8, 16-bit operands over 100 rows, the 1-bit minimum), with random
// precision and signs, out-of-range requests, weight rewrites, reads and back-pressure mixed in.
#include <gtest/gtest.h>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

// MVMs per configuration; the default macro gets the most.
std::uint64_t mvms_for(const Params& p) { return p == Params{64, 16, 8, 8} ? 10000 : 3000; }

class RandomMvm : public ::testing::TestWithParam<BackendCase> {};

TEST_P(RandomMvm, MatchesGoldenEveryCycle) {
  const Params p = GetParam().setup.params;
  Testbench tb(GetParam().backend, GetParam().setup);
  tb.load_random_weights();
  const TrafficMix mix{.p_write = 0.02,
                       .p_read = 0.02,
                       .p_request = 0.9,
                       .p_rsp_ready = 0.85,
                       .p_bad_precision = 0.01};
  RandomTraffic traffic(tb.drv(), tb.rng(), mix);
  const std::uint64_t want = mvms_for(p);
  while (tb.scoreboard().responses_checked() < want) traffic.cycle();
  EXPECT_GE(tb.scoreboard().responses_checked(), want);
  EXPECT_GT(tb.scoreboard().errors_checked(), 0u);
  // make regress adds these up from the XML report.
  RecordProperty("mvms", std::to_string(tb.scoreboard().responses_checked() -
                                        tb.scoreboard().errors_checked()));
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, RandomMvm, ::testing::ValuesIn(kit_digital_cases()),
                         setup_name);
// Every other DUT (the examples, make test DUT=...), checked as it claims.
INSTANTIATE_TEST_SUITE_P(EveryDut, RandomMvm, ::testing::ValuesIn(other_digital_dut_cases()),
                         backend_case_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(RandomMvm);

}  // namespace
}  // namespace cim::test
