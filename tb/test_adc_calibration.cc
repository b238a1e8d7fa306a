// SPDX-License-Identifier: Apache-2.0
// ADC range calibration (cim/adc_calibration.h): the rule's choice against column sums worked out
// by hand, per layer and per column pair, and the spellings.
#include <gtest/gtest.h>

#include "cim/adc_calibration.h"

namespace cim::test {
namespace {

// 16 rows, 2 columns of 8-bit weights in 2-bit cells (5 slices), a 4-bit ADC: 48 levels on 15
// codes, full range an LSB of 4 levels (shift 2).
const Params kP{16, 2, 8, 8};
const AnalogParams kA{2, 4, 1};

TEST(AdcCalibration, FullRangeIsTheLargestShift) {
  const IntMatrix x(3, 16), w(16, 2);
  const auto tiles =
      calibrate_adc_ranges(x, w, Precision{8, 8, false, true}, kP, kA, AdcCalibration::kFullRange);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0], std::vector<int>(10, 2));
}

TEST(AdcCalibration, EachPairTakesTheRangeItsSumsNeed) {
  // Column 0: weight 3 (slice 0 at level 3) on every row; column 1: weight 1 on rows 0..4 only.
  // One input, every row's activation 1 (bit 0 only): column 0's slice 0 sums to 48 levels (the
  // full range: shift 2), column 1's to 5 (exact only at shift 0); every other slice sums to 0.
  IntMatrix w(16, 2), x(1, 16);
  for (int r = 0; r < 16; ++r) {
    w.at(r, 0) = 3;
    w.at(r, 1) = r < 5 ? 1 : 0;
    x.at(0, r) = 1;
  }
  const Precision prec{8, 8, false, true};
  const auto column = calibrate_adc_ranges(x, w, prec, kP, kA, AdcCalibration::kColumn);
  ASSERT_EQ(column.size(), 1u);
  EXPECT_EQ(column[0][0], 2);  // 48 levels: 15 codes of 4 cover 60
  EXPECT_EQ(column[0][5], 0);  // 5 levels: exact at an LSB of 1, off by one at 2 or 4
  for (int q : {1, 2, 3, 4, 6, 7, 8, 9})
    EXPECT_EQ(column[0][std::size_t(q)], 2) << q;  // only zeros: a tie, the widest
  // One range for the layer: at shift 2 the 48 is exact (12 codes) and the 5 off by one; a finer
  // LSB clips the 48 (shift 1: 30, off by 18): shift 2.
  const auto layer = calibrate_adc_ranges(x, w, prec, kP, kA, AdcCalibration::kLayer);
  EXPECT_EQ(layer[0], std::vector<int>(10, 2));
}

TEST(AdcCalibration, MinimumSquaredErrorTradesClippingForResolution) {
  // One column's slice 0 (level 3 on every row) sums to 48 levels for the first `big` of 100
  // one-bit inputs (every row active) and to 6 for the rest (rows 0 and 1). On a 4-bit ADC:
  //   shift 0: 6 exact, 48 clips to 15 (squared error 1089 each);
  //   shift 1: 6 exact, 48 clips to 30 (324 each);
  //   shift 2: 6 rounds to 8 (4 each), 48 exact.
  // big = 0: shifts 0 and 1 are exact, a tie the wider takes: 1. big = 1: 324 against 396 and
  // 1089: 1. big = 20: 320 at shift 2 against 6,480 and 21,780: 2.
  IntMatrix w(16, 1);
  for (int r = 0; r < 16; ++r) w.at(r, 0) = 3;
  const Precision prec{1, 8, false, true};
  const Params p{16, 1, 8, 1};
  auto with_inputs = [&](int big) {
    IntMatrix x(100, 16);
    for (int m = 0; m < 100; ++m) {
      for (int r = 0; r < (m < big ? 16 : 2); ++r) x.at(m, r) = 1;
    }
    return calibrate_adc_ranges(x, w, prec, p, kA, AdcCalibration::kColumn)[0][0];
  };
  EXPECT_EQ(with_inputs(0), 1);
  EXPECT_EQ(with_inputs(1), 1);
  EXPECT_EQ(with_inputs(20), 2);
}

TEST(AdcCalibration, Spellings) {
  for (AdcCalibration c :
       {AdcCalibration::kFullRange, AdcCalibration::kLayer, AdcCalibration::kColumn}) {
    EXPECT_EQ(parse_adc_calibration(adc_calibration_name(c)), c);
  }
  EXPECT_THROW(parse_adc_calibration("percentile"), std::invalid_argument);
}

}  // namespace
}  // namespace cim::test
