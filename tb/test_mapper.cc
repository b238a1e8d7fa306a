// SPDX-License-Identifier: Apache-2.0
// The mapper (runtime/): any K x N matrix tiled onto every backend whose answers are exact, in
// lockstep with its golden twin, equal to the exact integer product; and what it counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cim/mapper.h"
#include "testbench.h"

namespace cim::test {
namespace {

IntMatrix random_matrix(std::mt19937_64& rng, int rows, int cols, int bits, bool is_signed) {
  const std::int64_t lo = is_signed ? -(std::int64_t(1) << (bits - 1)) : 0;
  const std::int64_t hi = lo + (std::int64_t(1) << bits) - 1;
  std::uniform_int_distribution<std::int64_t> value(lo, hi);
  IntMatrix m(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) m.at(r, c) = value(rng);
  }
  return m;
}

class Mapping : public ::testing::TestWithParam<BackendCase> {
 protected:
  Testbench tb_{GetParam().backend, GetParam().setup};
  const Params& p_ = GetParam().setup.params;
  bool full_wbits_ = find_backend(GetParam().backend).kind().full_wbits_only(GetParam().setup);
};

// Shapes around the tile edges (one row or column, exactly one tile, one past it, several tiles),
// at random precisions, each equal to the exact product; the counts follow from the shape.
TEST_P(Mapping, AnyShapeEqualsTheExactProduct) {
  const int ks[] = {1, p_.rows, p_.rows + 1, 2 * p_.rows + 3};
  const int ns[] = {1, p_.cols, p_.cols + 1, 2 * p_.cols + 1};
  std::uniform_int_distribution<int> batch(1, 4);
  for (int k : ks) {
    for (int n : ns) {
      const Precision prec = tb_.stimulus().precision(full_wbits_);
      const int m = batch(tb_.rng());
      const IntMatrix w = random_matrix(tb_.rng(), k, n, prec.wbits, prec.wsigned);
      const IntMatrix x = random_matrix(tb_.rng(), m, k, prec.abits, prec.asigned);
      Mapper mapper(tb_.drv(), prec);
      ASSERT_EQ(mapper.run(w, x), multiply(x, w)) << "K=" << k << " N=" << n << " M=" << m;

      const DataMovement& d = mapper.movement();
      const std::uint64_t kt = std::uint64_t((k + p_.rows - 1) / p_.rows);
      const std::uint64_t nt = std::uint64_t((n + p_.cols - 1) / p_.cols);
      EXPECT_EQ(d.macs, std::uint64_t(m) * k * n);
      EXPECT_EQ(d.tiles, kt * nt);
      EXPECT_EQ(d.rows_written, nt * std::uint64_t(k));
      EXPECT_EQ(d.requests, kt * nt * std::uint64_t(m));
      EXPECT_EQ(d.weight_bits_written, nt * std::uint64_t(k) * p_.cols * prec.wbits);
      EXPECT_EQ(d.activation_bits_in, d.requests * p_.rows * prec.abits);
      EXPECT_EQ(d.result_bits_out, d.requests * p_.cols * p_.outw());
      EXPECT_EQ(d.von_neumann_weight_bits, std::uint64_t(m) * k * n * prec.wbits);
      EXPECT_EQ(d.von_neumann_activation_bits, std::uint64_t(m) * k * prec.abits);
      // One cycle per written row, or none for a row written into another weight set while a
      // tile computed; a tile's stream takes at least its requests' compute cycles (the reference
      // timing's: a DUT checked by transaction keeps its own).
      EXPECT_EQ(d.write_cycles + d.hidden_write_cycles, d.rows_written);
      if (p_.wsets > 1 && d.tiles > 1) {
        EXPECT_GT(d.hidden_write_cycles, 0u)
            << "no row written while computing, K=" << k << " N=" << n;
      } else {
        EXPECT_EQ(d.hidden_write_cycles, 0u);
      }
      const auto per_request = std::uint64_t(
          find_backend(GetParam().backend).compute_cycles(GetParam().setup, prec.abits));
      if (tb_.check() == CheckMode::kCycleExact) {
        EXPECT_GE(d.compute_cycles, d.requests * per_request);
      }
    }
  }
}

// A value that does not fit the precision, or inputs whose length is not K, stop before any
// cycle runs, naming the element.
TEST_P(Mapping, RejectsWhatDoesNotFitBeforeRunning) {
  const int wbits = full_wbits_ ? p_.wbits : std::min(2, p_.wbits);
  const Precision prec{std::min(2, p_.abits), wbits, false, true};
  Mapper mapper(tb_.drv(), prec);
  const std::uint64_t before = tb_.drv().macro().cycle();
  IntMatrix w(3, 2), x(1, 3);
  const std::int64_t too_big = std::int64_t(1) << (wbits - 1);  // signed: up to 2^(wbits-1) - 1
  w.at(2, 1) = too_big;
  try {
    mapper.run(w, x);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "weights[2][1] = " + std::to_string(too_big) +
                                         " does not fit " + std::to_string(wbits) +
                                         "-bit signed (" + std::to_string(-too_big) + ".." +
                                         std::to_string(too_big - 1) + ")");
  }
  w.at(2, 1) = 0;
  x.at(0, 0) = std::int64_t(1) << prec.abits;  // unsigned: up to 2^abits - 1
  EXPECT_THROW(mapper.run(w, x), std::invalid_argument);
  EXPECT_THROW(mapper.run(w, IntMatrix(1, 4)), std::invalid_argument);
  EXPECT_EQ(tb_.drv().macro().cycle(), before);
  EXPECT_THROW(Mapper(tb_.drv(), Precision{p_.abits + 1, 1, false, false}), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, Mapping, ::testing::ValuesIn(exact_backend_cases()),
                         backend_case_name);

}  // namespace
}  // namespace cim::test
