// SPDX-License-Identifier: Apache-2.0
#include "stimulus.h"

namespace cim {

std::vector<std::uint32_t> RandomStimulus::row() {
  std::vector<std::uint32_t> r(p_.cols);
  for (auto& w : r) w = bits(p_.wbits);
  return r;
}

WeightMatrix RandomStimulus::weights() {
  WeightMatrix w(p_.rows, p_.cols);
  for (int r = 0; r < p_.rows; ++r) {
    for (int c = 0; c < p_.cols; ++c) w.at(r, c) = bits(p_.wbits);
  }
  return w;
}

std::vector<std::uint32_t> RandomStimulus::activations() {
  std::vector<std::uint32_t> act(p_.rows);
  for (auto& a : act) a = bits(p_.abits);
  return act;
}

Precision RandomStimulus::precision(bool full_wbits) {
  std::uniform_int_distribution<int> ab(1, p_.abits), wb(1, p_.wbits);
  Precision prec{ab(rng_), wb(rng_), bool(rng_() & 1), bool(rng_() & 1)};
  if (full_wbits) prec.wbits = p_.wbits;
  return prec;
}

}  // namespace cim
