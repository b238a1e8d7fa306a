// SPDX-License-Identifier: Apache-2.0
// Soft errors in stored weights: bits of a rows x cols x bits array flipped, each one on its own
// with probability `ber` (the bit-error rate). The golden model applies the same flips to the raw
// patterns it believes stored, so it predicts exactly what a macro computes after those bitcells
// flipped (tb/test_faults.cc shows it on the RTL); the runtime applies them to a quantized
// network's weights for accuracy against bit-error rate (cimsim sweep --vary weight_ber=...).
#pragma once

#include <cstdint>
#include <vector>

#include "cim/mvm.h"

namespace cim {

// Bit `bit` (0 = LSB) of the weight in (row, col).
struct BitFlip {
  int row = 0, col = 0, bit = 0;
};

// The flips of one draw, row by row, each bit in order; the same seed gives the same flips.
// Throws std::invalid_argument unless 0 <= ber <= 1 and the sizes are positive.
std::vector<BitFlip> draw_bit_flips(int rows, int cols, int bits, double ber, std::uint64_t seed);

// Flips those bits of the raw patterns (a flip outside the matrix throws std::out_of_range).
void apply_bit_flips(const std::vector<BitFlip>& flips, WeightMatrix& w);

}  // namespace cim
