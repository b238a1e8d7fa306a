// SPDX-License-Identifier: Apache-2.0
// An outside project's use of the installed kit: random weights and requests through the driver
// onto the golden cycle model of a 16x4 macro, each response against the exact reference mvm().
// Prints "outside: N MVMs equal mvm()" and exits 0, or names the first difference and exits 1.
#include <cstdio>
#include <random>

#include "cim/cycle_model.h"
#include "cim/mvm.h"
#include "driver.h"
#include "stimulus.h"

int main() {
  const cim::Params p{16, 4, 8, 8};
  cim::CycleModel model(p);
  cim::Driver drv(model);
  drv.reset();
  std::mt19937_64 rng(7);
  cim::RandomStimulus stimulus(p, rng);
  const cim::WeightMatrix w = stimulus.weights();
  drv.load(w);
  constexpr int kCount = 100;
  for (int i = 0; i < kCount; ++i) {
    const cim::Request req = stimulus.request(stimulus.precision());
    if (drv.mvm(req) != cim::reference(p, w, req)) {
      std::printf("outside: MVM %d differs from mvm()\n", i);
      return 1;
    }
  }
  std::printf("outside: %d MVMs equal mvm()\n", kCount);
  return 0;
}
