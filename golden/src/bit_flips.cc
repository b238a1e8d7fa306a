// SPDX-License-Identifier: Apache-2.0
#include "cim/bit_flips.h"

#include <random>
#include <stdexcept>
#include <string>

namespace cim {

std::vector<BitFlip> draw_bit_flips(int rows, int cols, int bits, double ber, std::uint64_t seed) {
  if (rows < 1 || cols < 1 || bits < 1 || bits > 32) {
    throw std::invalid_argument("bit flips: want rows, cols >= 1 and bits 1..32");
  }
  if (!(ber >= 0.0 && ber <= 1.0)) {
    throw std::invalid_argument("bit-error rate " + std::to_string(ber) + " is not within 0..1");
  }
  std::vector<BitFlip> flips;
  if (ber == 0.0) return flips;
  const auto flip = [&](std::int64_t i) {
    flips.push_back(
        BitFlip{int(i / (std::int64_t(cols) * bits)), int(i / bits % cols), int(i % bits)});
  };
  const std::int64_t total = std::int64_t(rows) * cols * bits;
  if (ber == 1.0) {  // (a geometric distribution takes p < 1 only)
    for (std::int64_t i = 0; i < total; ++i) flip(i);
    return flips;
  }
  // The gaps between flipped bits are geometric: one draw per flip, not one per bit.
  std::mt19937_64 rng(seed);
  std::geometric_distribution<std::int64_t> gap(ber);
  for (std::int64_t i = gap(rng); i < total; i += 1 + gap(rng)) flip(i);
  return flips;
}

void apply_bit_flips(const std::vector<BitFlip>& flips, WeightMatrix& w) {
  for (const BitFlip& f : flips) {
    if (f.row < 0 || f.row >= w.rows() || f.col < 0 || f.col >= w.cols() || f.bit < 0 ||
        f.bit > 31) {
      throw std::out_of_range("bit flip (" + std::to_string(f.row) + ", " + std::to_string(f.col) +
                              ", bit " + std::to_string(f.bit) + ") is outside the " +
                              std::to_string(w.rows()) + " x " + std::to_string(w.cols()) +
                              " weights");
    }
    w.at(f.row, f.col) ^= 1u << f.bit;
  }
}

}  // namespace cim
