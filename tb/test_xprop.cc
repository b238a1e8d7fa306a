// SPDX-License-Identifier: Apache-2.0
// X hygiene: models built with --x-assign unique --x-initial unique start every flop and every
// X-assignment from seeded random values. After reset, nothing observable may depend on them:
// every port must match the golden model (which has no such randomness) from the first cycle, for
// several seeds. Storage is the exception by design (no reset), so it is written before use.
#include <gtest/gtest.h>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

class XHygiene : public ::testing::TestWithParam<Params> {};

TEST_P(XHygiene, NoRandomInitialValueReachesAPort) {
  const Params p = GetParam();
  for (std::uint64_t k = 1; k <= 3; ++k) {
    ModelOptions opt;
    opt.variant = ModelVariant::kXUnique;
    opt.seed = test_seed() * 7 + k;
    Testbench tb(p, opt);
    tb.load_random_weights();
    const TrafficMix mix{.p_read = 0.1, .p_rsp_ready = 0.7, .p_bad_precision = 0.05};
    RandomTraffic traffic(tb.drv(), tb.rng(), mix);
    while (tb.scoreboard().responses_checked() < 300) traffic.cycle();
    EXPECT_GE(tb.scoreboard().reads_checked(), 10u);
  }
}

INSTANTIATE_TEST_SUITE_P(XUniqueConfigs, XHygiene,
                         ::testing::ValuesIn(digital_configs(ModelVariant::kXUnique)), config_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(XHygiene);

}  // namespace
}  // namespace cim::test
