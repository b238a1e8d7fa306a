// SPDX-License-Identifier: Apache-2.0
// The analog cost model (cim/analog_cost.h): the meter's energies against the documented formulas
// worked out by hand for a small macro, the part costs, and bad figures named.
#include <gtest/gtest.h>

#include <cmath>

#include "cim/analog_cost.h"

namespace cim::test {
namespace {

TEST(AnalogCost, MeterPricesTheDocumentedFormulas) {
  // 4 rows, 1 column of 4-bit weights in 2-bit cells: slices bits 0-1, bit 2, the MSB (3 pairs);
  // conductances 0, 10, 20, 30 uS for levels 0..3 (g_min 0, g_max 30); two phases an ADC.
  const Params p{4, 1, 4, 2};
  const AnalogParams a{2, 4, 2};
  AnalogSettings s;
  s.g_min_us = 0.0;
  s.g_max_us = 30.0;
  s.v_read = 0.2;
  const AnalogCost c;
  AnalogEnergyMeter m(p, a, s, c);
  // Weights 0b0111 (levels 3 and 1, MSB 0), 0b1010 (2, 0, 1), 0, 0b0001: the sum of a row's
  // device conductances (every device, the twins at g_min = 0) is 10 x its levels' sum.
  m.write(0, {0x7});
  m.write(1, {0xa});
  m.write(2, {0x0});
  m.write(3, {0x1});
  // Activations 2 bits, MSB first: bit 1 drives rows 0 and 1 (act 2, 3), bit 0 rows 1 and 3 (3, 1).
  m.request({2, 3, 0, 1}, Precision{2, 4, false, true});
  const double row_us[] = {40.0, 30.0, 0.0, 10.0};
  const double v2 = 0.04;
  const double array_fj =
      2 /* phases */ * v2 * c.t_read_ns * ((row_us[0] + row_us[1]) + (row_us[1] + row_us[3]));
  EXPECT_NEAR(m.energy().array_pj, array_fj * 1e-3, 1e-12);
  // Rows rise: 0 and 1 for bit 1, then 3 (row 1 stays high): 3 rises of C_row v^2, C_row = 2
  // devices x 3 pairs x 12 F x 0.18 um x 0.2 fF/um.
  const double row_ff = 6 * 12 * 0.18 * 0.2;
  EXPECT_NEAR(m.parts().row_ff, row_ff, 1e-12);
  EXPECT_EQ(m.energy().row_rises, 3u);
  EXPECT_NEAR(m.energy().dac_pj, 3 * row_ff * v2 * 1e-3, 1e-15);
  // Every pair converts once a bit: 3 pairs x 2 bits, 6.51 fJ x 2^4 each.
  EXPECT_EQ(m.energy().conversions, 6u);
  EXPECT_NEAR(m.energy().adc_pj, 6 * 6.51 * 16 * 1e-3, 1e-12);
  EXPECT_EQ(m.energy().array_cycles, 4u);
  EXPECT_EQ(m.energy().mvms, 1u);
  // A precision the macro does not compute (wbits 3 with 2-bit cells) costs nothing modelled; a
  // write to a row past ROWS changes nothing.
  m.request({1, 1, 1, 1}, Precision{2, 3, false, true});
  m.write(7, {0xf});
  EXPECT_EQ(m.energy().mvms, 1u);
  // The parts: 2 ADCs (3 pairs, 2 a phase), T_array = t_read + 4 bits x 0.104 ns, the array
  // 4 rows x 6 devices x 48 F^2, the ADCs ISAAC's 4-bit 361.04 um^2 each.
  EXPECT_EQ(m.parts().adcs, 2);
  EXPECT_NEAR(m.parts().t_array_ns, 10.0 + 4 * 0.104, 1e-12);
  EXPECT_NEAR(m.parts().array_um2, 4 * 6 * 48 * 0.18 * 0.18, 1e-9);
  EXPECT_NEAR(m.parts().adcs_um2, 2 * 361.04, 1e-9);
}

TEST(AnalogCost, AdcAreaFollowsTheTableAndItsEndRates) {
  EXPECT_EQ(adc_area_um2(8), 1200.0);
  EXPECT_NEAR(adc_area_um2(3), 361.04 * 361.04 / 476.91, 1e-9);
  EXPECT_NEAR(adc_area_um2(11), 3002.008032 * 3002.008032 / 1827.911647, 1e-6);
  for (int b = 2; b < 14; ++b) EXPECT_LT(adc_area_um2(b), adc_area_um2(b + 1)) << b;
}

TEST(AnalogCost, BadFiguresNameTheFigure) {
  for (const CostInfo& info : analog_costs()) {
    AnalogCost c;
    c.*info.number = 0.0;
    try {
      c.validate();
      FAIL() << info.name << " = 0 accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("cost figure ") + info.name + "="),
                std::string::npos)
          << e.what();
    }
    c.*info.number = info.hi;
    EXPECT_NO_THROW(c.validate()) << info.name;
  }
}

}  // namespace
}  // namespace cim::test
