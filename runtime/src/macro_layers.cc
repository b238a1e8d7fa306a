// SPDX-License-Identifier: Apache-2.0
#include "cim/macro_layers.h"

#include "cim/bit_flips.h"
#include "cim/mvm.h"

namespace cim {

Precision layer_precision(const QuantizedNetwork& q, int layer) {
  return Precision{q.abits, q.wbits, q.layers[std::size_t(layer)].input_signed, true};
}

QuantizedNetwork with_weight_bit_flips(const QuantizedNetwork& q, double ber, std::uint64_t seed) {
  QuantizedNetwork out = q;
  const std::uint32_t mask = q.wbits >= 32 ? ~0u : (1u << q.wbits) - 1;
  for (std::size_t l = 0; l < out.layers.size(); ++l) {
    if (out.layers[l].run_time_weights) continue;  // written for each example, not held
    IntMatrix& w = out.layers[l].weight;
    WeightMatrix raw(w.rows(), w.cols());
    for (int r = 0; r < w.rows(); ++r) {
      for (int c = 0; c < w.cols(); ++c) raw.at(r, c) = std::uint32_t(w.at(r, c)) & mask;
    }
    // A layer's own stream of draws: seed and layer mixed (splitmix64's constant).
    apply_bit_flips(
        draw_bit_flips(w.rows(), w.cols(), q.wbits, ber, seed * 0x9e3779b97f4a7c15ull + l), raw);
    for (int r = 0; r < w.rows(); ++r) {
      for (int c = 0; c < w.cols(); ++c) w.at(r, c) = decode(raw.at(r, c), q.wbits, true);
    }
  }
  return out;
}

}  // namespace cim
