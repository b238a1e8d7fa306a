// SPDX-License-Identifier: Apache-2.0
// RandomStimulus: random raw weights, activations and precisions for one macro's parameters,
// drawn from a seeded generator. The tests, cimsim, the random traffic and the benchmark all draw
// from it, so "a random request" means one thing everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "cim/mvm.h"

namespace cim {

class RandomStimulus {
 public:
  RandomStimulus(const Params& p, std::mt19937_64& rng) : p_(p), rng_(rng) {}

  // COLS raw weights of the full stored width (WBITS bits).
  std::vector<std::uint32_t> row();
  // ROWS x COLS raw weights, row by row.
  WeightMatrix weights();
  // ROWS raw activations of the full port width (ABITS bits): the macro uses the low prec.abits.
  std::vector<std::uint32_t> activations();
  Request request(const Precision& prec) { return Request{activations(), prec}; }
  // abits 1..ABITS and wbits 1..WBITS (WBITS itself when full_wbits), signs at random.
  Precision precision(bool full_wbits = false);

 private:
  std::uint32_t bits(int n) { return std::uint32_t(rng_()) & ((1u << n) - 1); }

  Params p_;
  std::mt19937_64& rng_;
};

}  // namespace cim
