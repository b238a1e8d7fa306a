// SPDX-License-Identifier: Apache-2.0
// The golden library on its own: the reference arithmetic, and the cycle model checked against
// it through the same driver and scoreboard the RTL tests use.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <tuple>

#include "cim/bit_flips.h"
#include "cim/cycle_model.h"
#include "cim/mvm.h"
#include "driver.h"
#include "scoreboard.h"

namespace cim {
namespace {

TEST(Golden, DecodeTwosComplement) {
  EXPECT_EQ(decode(0x7, 3, false), 7);
  EXPECT_EQ(decode(0x7, 3, true), -1);
  EXPECT_EQ(decode(0x4, 3, true), -4);
  EXPECT_EQ(decode(0x3, 3, true), 3);
  EXPECT_EQ(decode(0xf4, 3, true), -4);  // only the low bits count
  EXPECT_EQ(decode(0x1, 1, true), -1);
  EXPECT_EQ(decode(0x8000, 16, true), -32768);
}

TEST(Golden, WorkedExample2x2) {
  WeightMatrix w(2, 2);
  w.at(0, 0) = 2;
  w.at(0, 1) = 1;
  w.at(1, 0) = 3;
  w.at(1, 1) = 0;
  EXPECT_EQ(mvm(w, {4, 5}, Precision{8, 8, false, false}), (std::vector<std::int64_t>{23, 4}));
}

TEST(Golden, PrecisionRange) {
  const Params p{64, 16, 8, 8};
  EXPECT_TRUE(precision_in_range(p, {1, 1, false, false}));
  EXPECT_TRUE(precision_in_range(p, {8, 8, true, true}));
  EXPECT_FALSE(precision_in_range(p, {0, 8, false, false}));
  EXPECT_FALSE(precision_in_range(p, {9, 8, false, false}));
  EXPECT_FALSE(precision_in_range(p, {8, 0, false, false}));
  EXPECT_TRUE(reference(p, WeightMatrix(64, 16),
                        Request{std::vector<std::uint32_t>(64, 1), {8, 9, false, false}})
                  .err);
}

TEST(Golden, ParamsValidateNamesTheParameter) {
  auto message = [](const Params& p) {
    try {
      p.validate();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message({1, 16, 8, 8}).find("ROWS"), std::string::npos);
  EXPECT_NE(message({64, 0, 8, 8}).find("COLS"), std::string::npos);
  EXPECT_NE(message({64, 16, 17, 8}).find("WBITS"), std::string::npos);
  EXPECT_NE(message({64, 16, 8, 0}).find("ABITS"), std::string::npos);
  EXPECT_NE(message({64, 16, 8, 8, 3}).find("ABITS_PER_CYCLE=3"), std::string::npos);
  EXPECT_NE(message({64, 16, 8, 2, 4}).find("ABITS_PER_CYCLE=4"), std::string::npos);
  EXPECT_NE(message({64, 16, 8, 8, 0}).find("ABITS_PER_CYCLE=0"), std::string::npos);
  // The upper bounds of rtl/cim_records.jsonc, named with the size.
  EXPECT_NE(message({limits::kRows.hi + 1, 16, 8, 8}).find("ROWS=1025 is out of range (2..1024)"),
            std::string::npos);
  EXPECT_NE(message({64, limits::kCols.hi + 1, 8, 8}).find("COLS=513 is out of range"),
            std::string::npos);
  EXPECT_EQ(message({limits::kRows.hi, limits::kCols.hi, 16, 16, 16}), "");
  EXPECT_EQ(message({2, 1, 1, 1}), "");
  EXPECT_EQ(message({2, 1, 1, 16, 16}), "");
  EXPECT_EQ(Params({64, 16, 8, 5, 2}).compute_cycles(5), 3);
  EXPECT_EQ(Params({64, 16, 8, 8, 4}).compute_cycles(8), 2);
  EXPECT_EQ(Params({64, 16, 8, 8, 2}).name(), "r64_c16_w8_a8_p2");
  EXPECT_EQ(Params({64, 16, 8, 8, 2}).shape(), "64x16x8x8x2");
  EXPECT_EQ(Params({64, 16, 8, 8}).shape(), "64x16x8x8");
  EXPECT_EQ(Params({64, 16, 8, 8}).outw(), 23);
  EXPECT_EQ(Params({100, 5, 16, 16}).outw(), 40);
}

// The cycle model's bit-serial architecture against the plain integer reference, over random
// configurations: this is what makes the model fit to judge the RTL.
TEST(Golden, CycleModelMatchesMvm) {
  std::mt19937_64 rng(7);
  const Params configs[] = {{64, 16, 8, 8},     {2, 2, 8, 8},     {23, 3, 5, 3},
                            {100, 5, 16, 16},   {2, 1, 1, 1},     {130, 2, 3, 9},
                            {64, 16, 8, 8, 2},  {23, 3, 5, 3, 2}, {130, 2, 3, 9, 8},
                            {70, 4, 16, 16, 4}, {9, 3, 4, 16, 16}};
  for (const Params& p : configs) {
    CycleModel model(p);
    Scoreboard sb(p, "golden " + p.name());
    Monitor mon(sb);
    Driver drv(model);
    drv.add_observer(
        [&](std::uint64_t c, const Inputs& in, const Outputs& out) { mon.observe(c, in, out); });
    drv.reset();
    WeightMatrix w(p.rows, p.cols);
    for (int r = 0; r < p.rows; ++r) {
      for (int c = 0; c < p.cols; ++c) w.at(r, c) = std::uint32_t(rng()) & ((1u << p.wbits) - 1);
    }
    drv.load(w);
    std::vector<Request> reqs;
    for (int i = 0; i < 300; ++i) {
      Request req{std::vector<std::uint32_t>(p.rows),
                  Precision{int(rng() % p.abits) + 1, int(rng() % p.wbits) + 1, bool(rng() & 1),
                            bool(rng() & 1)}};
      for (auto& a : req.act) a = std::uint32_t(rng()) & ((1u << p.abits) - 1);
      reqs.push_back(req);
    }
    const std::vector<Response> rsp = drv.stream(reqs);
    ASSERT_EQ(rsp.size(), reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      ASSERT_EQ(rsp[i].data, mvm(w, reqs[i].act, reqs[i].prec)) << p.name() << " request " << i;
    }
    EXPECT_EQ(sb.responses_checked(), reqs.size());
  }
}

// Bit flips at a bit-error rate: none at 0, every bit at 1, about ber x bits between, the same
// for the same seed, each in range and none twice; a rate outside 0..1 refused.
TEST(Golden, BitFlipsAtABitErrorRate) {
  EXPECT_TRUE(draw_bit_flips(64, 16, 8, 0.0, 1).empty());
  EXPECT_EQ(draw_bit_flips(3, 2, 5, 1.0, 1).size(), 30u);
  const std::vector<BitFlip> a = draw_bit_flips(64, 16, 8, 0.01, 7);
  const std::vector<BitFlip> b = draw_bit_flips(64, 16, 8, 0.01, 7);
  ASSERT_EQ(a.size(), b.size());
  std::set<std::tuple<int, int, int>> seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(a[i].row == b[i].row && a[i].col == b[i].col && a[i].bit == b[i].bit);
    EXPECT_TRUE(a[i].row >= 0 && a[i].row < 64 && a[i].col >= 0 && a[i].col < 16 && a[i].bit >= 0 &&
                a[i].bit < 8);
    EXPECT_TRUE(seen.insert({a[i].row, a[i].col, a[i].bit}).second) << "flipped twice";
  }
  // 8192 bits at 1 %: 81.9 expected, standard deviation 9; 5 deviations either way.
  std::size_t total = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    total += draw_bit_flips(64, 16, 8, 0.01, seed).size();
  EXPECT_NEAR(double(total) / 20, 81.92, 5 * 9.0 / std::sqrt(20.0));
  EXPECT_THROW(draw_bit_flips(4, 4, 8, -0.1, 1), std::invalid_argument);
  EXPECT_THROW(draw_bit_flips(4, 4, 8, 1.5, 1), std::invalid_argument);

  WeightMatrix w(2, 2);
  w.at(1, 0) = 0x0f;
  apply_bit_flips({{1, 0, 0}, {1, 0, 7}}, w);
  EXPECT_EQ(w.at(1, 0), 0x8eu);
  EXPECT_EQ(w.at(0, 0), 0u);
  EXPECT_THROW(apply_bit_flips({{2, 0, 0}}, w), std::out_of_range);
}

}  // namespace
}  // namespace cim
