// SPDX-License-Identifier: Apache-2.0
// A DUT verified through the installed kit: tiny_cim, Verilated in this project, under random
// traffic (precisions, back-pressure, writes, reads, resets) checked by transaction against mvm().
// Prints "outside_dut: N MVMs of tiny_cim checked by transaction, latency ..." and exits 0, or the
// failure and 1.
#include <cstdio>

#include "environment.h"
#include "traffic.h"

int main() {
  cim::EnvironmentOptions opt;
  opt.backend = "tiny_cim";
  opt.setup.params = cim::Params{23, 3, 5, 3};
  opt.seed = 11;
  try {
    cim::Environment env(opt);
    env.load_random_weights();
    cim::TrafficMix mix{.p_write = 0.02,
                        .p_read = 0.02,
                        .p_request = 0.9,
                        .p_rsp_ready = 0.8,
                        .p_bad_precision = 0.02,
                        .p_reset = 0.0005};
    cim::RandomTraffic traffic(env.drv(), env.rng(), mix);
    constexpr std::uint64_t kCount = 500;
    for (int c = 0; c < 100000 && env.scoreboard().responses_checked() < kCount; ++c)
      traffic.cycle();
    if (env.scoreboard().responses_checked() < kCount) {
      std::printf("outside_dut: only %llu MVMs in 100000 cycles\n",
                  static_cast<unsigned long long>(env.scoreboard().responses_checked()));
      return 1;
    }
    std::printf("outside_dut: %llu MVMs of tiny_cim checked by %s, mean latency %.2f cycles\n",
                static_cast<unsigned long long>(env.scoreboard().responses_checked()),
                env.check() == cim::CheckMode::kTransaction ? "transaction" : "lockstep",
                env.latency().mean());
  } catch (const std::exception& e) {
    std::printf("outside_dut: %s\n", e.what());
    return 1;
  }
  return 0;
}
