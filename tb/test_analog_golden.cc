// SPDX-License-Identifier: Apache-2.0
// The golden analog model on its own: exact when ideal, each non-ideality's effect against its
// analytic prediction, seeds, and bad settings. (The Verilated wrapper is checked against this
// model cycle by cycle elsewhere.)
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "cim/analog.h"
#include "testbench.h"

namespace cim::test {
namespace {

WeightMatrix random_weights(const Params& p, std::mt19937_64& rng) {
  WeightMatrix w(p.rows, p.cols);
  for (int r = 0; r < p.rows; ++r) {
    for (int c = 0; c < p.cols; ++c) w.at(r, c) = std::uint32_t(rng()) & ((1u << p.wbits) - 1);
  }
  return w;
}

void program(AnalogCrossbar& x, const WeightMatrix& w, std::uint64_t& writes) {
  for (int r = 0; r < w.rows(); ++r) {
    x.program_row(r, std::vector<std::uint32_t>(w.row(r), w.row(r) + w.cols()), writes++);
  }
}

// What f throws as std::invalid_argument; empty when it throws nothing.
template <class F>
std::string message(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

Request random_request(const Params& p, const Precision& prec, std::mt19937_64& rng) {
  Request req{std::vector<std::uint32_t>(p.rows), prec};
  for (auto& a : req.act) a = std::uint32_t(rng()) & ((1u << p.abits) - 1);
  return req;
}

// Weighted sum of squares of the digital recombination: sum over activation bits and slices of
// (2^bit * 2^lsb)^2, the factor by which independent per-conversion errors add up in an output.
double recombination_power(const AnalogCrossbar& x, const Precision& prec) {
  double sum = 0.0;
  for (int b = 0; b < prec.abits; ++b) {
    for (int s = 0; s < x.slices(); ++s) sum += std::pow(4.0, b + x.slice_lsb(s));
  }
  return sum;
}

TEST(AnalogGolden, IdealArrayIsExactInEverySupportedMode) {
  std::mt19937_64 rng(test_seed());
  struct Case {
    Params p;
    AnalogParams a;
  };
  const Case cases[] = {{{64, 16, 8, 8}, {2, 8, 1}},
                        {{23, 3, 5, 3}, {1, 5, 1}},
                        {{23, 3, 5, 3}, {3, 8, 4}},
                        {{100, 5, 16, 16}, {4, 11, 2}}};
  for (const Case& k : cases) {
    AnalogParams a = k.a;
    ASSERT_EQ(a.adc_bits, a.exact_adc_bits(k.p)) << k.p.name();
    AnalogCrossbar x(k.p, a, AnalogSettings{});
    for (int q = 0; q < x.pairs(); ++q) ASSERT_EQ(x.lsb_shift(q), 0);
    const WeightMatrix w = random_weights(k.p, rng);
    std::uint64_t writes = 0, conversions = 0;
    program(x, w, writes);
    int exact = 0, rejected = 0;
    for (int abits = 1; abits <= k.p.abits; ++abits) {
      for (int wbits = 1; wbits <= k.p.wbits; ++wbits) {
        for (int mode = 0; mode < 4; ++mode) {
          const Request req =
              random_request(k.p, {abits, wbits, bool(mode & 1), bool(mode & 2)}, rng);
          const Response got = analog_mvm(x, k.p, a, req, conversions);
          if (analog_precision_ok(k.p, a, req.prec)) {
            ASSERT_EQ(got, reference(k.p, w, req))
                << k.p.name() << " abits " << abits << " wbits " << wbits << " mode " << mode;
            ++exact;
          } else {
            EXPECT_TRUE(got.err);
            ++rejected;
          }
        }
      }
    }
    EXPECT_EQ(exact, k.p.abits * 4 * (a.cell_bits == 1 ? k.p.wbits : 1)) << k.p.name();
    for (int r = 0; r < k.p.rows; ++r) {
      ASSERT_EQ(x.read_row(r), std::vector<std::uint32_t>(w.row(r), w.row(r) + w.cols()));
    }
  }
}

TEST(AnalogGolden, ProgrammingNoiseErrorMatchesTheAnalyticSigma) {
  const Params p{64, 16, 8, 1};
  const AnalogParams a{2, 8, 1};
  AnalogSettings s;
  s.seed = test_seed();
  s.prog_noise = true;
  s.prog_scale = 3.0;  // keeps the ADC rounding a small part of the error
  AnalogCrossbar x(p, a, s);
  const Precision prec{1, 8, false, false};
  const std::uint32_t weight = 0xD5;  // every slice level >= 1: no current near the ADC's 0 clip
  WeightMatrix w(p.rows, p.cols);
  for (int r = 0; r < p.rows; ++r)
    for (int c = 0; c < p.cols; ++c) w.at(r, c) = weight;
  const Request req{std::vector<std::uint32_t>(p.rows, 1), prec};
  const std::int64_t ideal = reference(p, w, req).data[0];

  // Per slice pair: the two devices' programming sigmas (levels), every row active, plus the
  // ADC's rounding of a continuous value (1/12 LSB^2).
  const double step = (s.g_max_us - s.g_min_us) / 3.0;
  auto sigma_us = [&](double g) {
    const double u = g / s.g_max_us;
    return s.prog_scale * std::max(-1.1731 * u * u + 1.9650 * u + 0.2635, 0.0) *
           (s.g_max_us / 25.0);
  };
  double predicted_var = 0.0;
  for (int sl = 0; sl < x.slices(); ++sl) {
    const int lsb = x.slice_lsb(sl);
    const int width = sl == x.slices() - 1 ? 1 : std::min(2, 7 - lsb);
    const int level = int((weight >> lsb) & ((1u << width) - 1));
    const double g_on = s.g_min_us + level * step, g_off = s.g_min_us;
    const double pair_var =
        (std::pow(sigma_us(g_on), 2) + std::pow(sigma_us(g_off), 2)) / (step * step);
    predicted_var += std::pow(4.0, lsb) * (p.rows * pair_var + 1.0 / 12.0);
  }

  double sum_sq = 0.0;
  int samples = 0;
  std::uint64_t writes = 0, conversions = 0;
  while (samples < 10240) {
    program(x, w, writes);  // a fresh programming-noise draw every time
    const Response rsp = analog_mvm(x, p, a, req, conversions);
    for (int c = 0; c < p.cols; ++c, ++samples) {
      const double e = double(rsp.data[c] - ideal);
      sum_sq += e * e;
    }
  }
  const double measured = std::sqrt(sum_sq / samples), predicted = std::sqrt(predicted_var);
  std::cout << "programming noise: measured error sigma " << measured << ", predicted " << predicted
            << " over " << samples << " outputs\n";
  EXPECT_NEAR(measured / predicted, 1.0, 0.10);
}

TEST(AnalogGolden, AdcErrorFallsWithBitsAsPredicted) {
  const Params p{64, 16, 8, 8};
  std::mt19937_64 rng(test_seed());
  const WeightMatrix w = random_weights(p, rng);
  const Precision prec{8, 8, false, false};
  std::vector<Request> reqs;
  for (int i = 0; i < 200; ++i) reqs.push_back(random_request(p, prec, rng));
  double previous = INFINITY;
  for (int bits = 4; bits <= 8; ++bits) {
    const AnalogParams a{2, bits, 1};
    AnalogCrossbar x(p, a, AnalogSettings{});
    std::uint64_t writes = 0, conversions = 0;
    program(x, w, writes);
    double sum_sq = 0.0;
    int n = 0;
    for (const Request& req : reqs) {
      const Response got = analog_mvm(x, p, a, req, conversions);
      const Response want = reference(p, w, req);
      for (int c = 0; c < p.cols; ++c, ++n)
        sum_sq += std::pow(double(got.data[c] - want.data[c]), 2);
    }
    const double rms = std::sqrt(sum_sq / n);
    // Rounding an integer sum to a multiple of 2^k (ties away from zero) errs uniformly over
    // 2^k values when the sums spread over many multiples: variance (4^k - 1) / 12, mean 1/2 per
    // conversion for k >= 1. That holds while the column sums span many LSBs; the MSB slice's
    // sums (about ROWS/4 levels) do not at an LSB of 16 levels, so the prediction is held to 15%
    // for LSBs up to 8 levels and coarser ADCs only have to be worse than finer ones.
    const int k = x.lsb_shift(0);  // every pair's, from adc_range
    double mean = 0.0;
    for (int b = 0; b < 8; ++b) {
      for (int s = 0; s < x.slices(); ++s)
        mean += (k ? 0.5 : 0.0) * std::pow(2.0, b + x.slice_lsb(s));
    }
    const double var = (std::pow(4.0, k) - 1.0) / 12.0 * recombination_power(x, prec);
    const double predicted = std::sqrt(var + mean * mean);
    std::cout << "ADC_BITS " << bits << ": LSB 2^" << k << " levels, RMS error " << rms
              << ", predicted " << predicted << "\n";
    if (k == 0) {
      EXPECT_EQ(rms, 0.0);
    } else if (k <= 3) {
      EXPECT_NEAR(rms / predicted, 1.0, 0.15) << "ADC_BITS " << bits;
    }
    EXPECT_LT(rms, previous);
    previous = rms;
  }
}

TEST(AnalogGolden, DriftCompensationReducesDriftError) {
  const Params p{64, 16, 8, 8};
  const AnalogParams a{2, 8, 1};
  std::mt19937_64 rng(test_seed());
  const WeightMatrix w = random_weights(p, rng);
  const Precision prec{8, 8, false, false};
  auto rms_error = [&](bool compensate) {
    AnalogSettings s;
    s.seed = test_seed();
    s.drift = true;
    s.drift_t = 86400.0;
    s.drift_comp = compensate;
    AnalogCrossbar x(p, a, s);
    std::uint64_t writes = 0, conversions = 0;
    program(x, w, writes);
    std::mt19937_64 act_rng(3);
    double sum_sq = 0.0;
    for (int i = 0; i < 100; ++i) {
      const Request req = random_request(p, prec, act_rng);
      const Response got = analog_mvm(x, p, a, req, conversions);
      const Response want = reference(p, w, req);
      for (int c = 0; c < p.cols; ++c) sum_sq += std::pow(double(got.data[c] - want.data[c]), 2);
    }
    return std::sqrt(sum_sq / (100.0 * p.cols));
  };
  const double raw = rms_error(false), compensated = rms_error(true);
  std::cout << "drift after 1 day: RMS error " << raw << " uncompensated, " << compensated
            << " compensated\n";
  EXPECT_GT(raw, 0.0);
  EXPECT_LT(compensated, raw / 4);
}

TEST(AnalogGolden, StuckDevicesFromAFaultMapChangeTheOutputExactlyAsPredicted) {
  const Params p{16, 4, 8, 4};
  const AnalogParams a{2, 6, 1};  // exact for 16 rows of 2-bit cells
  std::mt19937_64 rng(test_seed());
  const WeightMatrix w = random_weights(p, rng);
  const std::string path = ::testing::TempDir() + "faults.txt";
  {
    std::ofstream f(path);
    f << "# row col slice device state\n3 1 0 + max\n7 2 4 - min  # the MSB slice, on G-\n";
  }
  AnalogSettings s;
  s.faults = read_fault_map(path, p, a);
  ASSERT_EQ(s.faults.size(), 2u);
  AnalogCrossbar x(p, a, s);
  std::uint64_t writes = 0, conversions = 0;
  program(x, w, writes);
  // Row 3, col 1, slice 0 (bits 0-1) reads level 3; row 7, col 2's MSB device is at Gmin, so its
  // MSB reads 0. Both as seen by an unsigned request, bit by bit of the activation.
  WeightMatrix faulty = w;
  faulty.at(3, 1) |= 0x3;
  faulty.at(7, 2) &= ~0x80u;
  for (int i = 0; i < 50; ++i) {
    const Request req = random_request(p, {4, 8, bool(i & 1), bool(i & 2)}, rng);
    ASSERT_EQ(analog_mvm(x, p, a, req, conversions), reference(p, faulty, req)) << "request " << i;
  }
  EXPECT_EQ(x.read_row(3)[1], faulty.at(3, 1));
  EXPECT_EQ(x.read_row(7)[2], faulty.at(7, 2));
}

TEST(AnalogGolden, SameSeedSameOutputsNewSeedDifferent) {
  const Params p{32, 8, 8, 8};
  const AnalogParams a{2, 7, 2};
  std::mt19937_64 rng(test_seed());
  const WeightMatrix w = random_weights(p, rng);
  std::vector<Request> reqs;
  for (int i = 0; i < 20; ++i) reqs.push_back(random_request(p, {8, 8, true, true}, rng));
  auto run = [&](std::uint64_t seed) {
    AnalogSettings s;
    s.seed = seed;
    s.prog_noise = s.read_noise = s.drift = s.drift_comp = true;
    s.stuck_rate = 0.01;
    s.r_wire = 2.0;
    s.adc_offset_sigma = 0.3;
    s.adc_gain_sigma = 0.01;
    AnalogCrossbar x(p, a, s);
    std::uint64_t writes = 0, conversions = 0;
    program(x, w, writes);
    std::vector<Response> out;
    for (const Request& req : reqs) out.push_back(analog_mvm(x, p, a, req, conversions));
    return out;
  };
  EXPECT_EQ(run(11), run(11));
  EXPECT_NE(run(11), run(12));
}

TEST(AnalogGolden, BadSettingsAndFaultMapsNameTheProblem) {
  AnalogSettings s;
  s.read_sigma = -0.1;
  EXPECT_NE(message([&] { s.validate(); }).find("read_sigma"), std::string::npos);
  s = AnalogSettings{};
  s.stuck_rate = 1.5;
  EXPECT_NE(message([&] { s.validate(); }).find("stuck_rate"), std::string::npos);
  s = AnalogSettings{};
  s.prog_scale = -1.0;
  EXPECT_NE(message([&] { s.validate(); }).find("prog_scale"), std::string::npos);

  const Params p{16, 4, 8, 4};
  const AnalogParams a{2, 6, 1};
  const std::pair<AnalogParams, const char*> out_of_range[] = {
      {{0, 8, 1}, "CELL_BITS"},
      {{2, 15, 1}, "ADC_BITS"},
      {{2, 8, 0}, "ADC_SHARE"},
      // No more ADC phases than column pairs: 4 columns x 5 slices of 2-bit cells.
      {{2, 8, 21}, "ADC_SHARE=21 is out of range (at most the column pairs COLS x slices = 20)"}};
  for (const auto& [bad, named] : out_of_range) {
    EXPECT_NE(message([&] { bad.validate(p); }).find(named), std::string::npos) << named;
  }
  EXPECT_EQ(message([&] { AnalogParams{2, 8, 20}.validate(p); }), "");
  // Every setting's range, from the settings table: just outside fails naming it, the bound passes.
  for (const SettingInfo& info : analog_settings()) {
    if (!info.number) continue;
    AnalogSettings t;
    t.*info.number = info.hi * 2 + 1;
    EXPECT_NE(message([&] { t.validate(); }).find("setting " + std::string(info.name) + "="),
              std::string::npos)
        << info.name;
    t.*info.number = info.hi;
    if (std::string(info.name) != "g_min")
      EXPECT_EQ(message([&] { t.validate(); }), "") << info.name;
  }

  const std::string path = ::testing::TempDir() + "bad_faults.txt";
  auto with_map = [&](const std::string& text) {
    std::ofstream(path) << text;
    return message([&] { read_fault_map(path, p, a); });
  };
  EXPECT_NE(with_map("# ok\n1 1 0 + max\n16 0 0 + min\n").find(path + ":3: row 16 is out of range"),
            std::string::npos);
  EXPECT_NE(with_map("0 4 0 + min\n").find(path + ":1: col 4 is out of range"), std::string::npos);
  EXPECT_NE(with_map("0 0 5 + min\n").find(":1: slice 5 is out of range"), std::string::npos);
  EXPECT_NE(with_map("0 0 0 x min\n").find(":1: device 'x'"), std::string::npos);
  EXPECT_NE(with_map("\n0 0 0 + stuck\n").find(":2: state 'stuck'"), std::string::npos);
  EXPECT_NE(with_map("0 0 0 +\n").find(":1: expected"), std::string::npos);
  EXPECT_NE(with_map("a 0 0 + min\n").find(":1: row 'a' is not a whole number"), std::string::npos);
  EXPECT_NE(message([&] { read_fault_map("/nonexistent/faults", p, a); }).find("cannot open"),
            std::string::npos);
  EXPECT_NE(message([&] { read_fault_map(::testing::TempDir(), p, a); }).find("is a folder"),
            std::string::npos);
  EXPECT_NE(with_map("0 0 0 + min\n1 1 1 - max\n0 0 0 + max\n")
                .find(":3: device already listed on line 1"),
            std::string::npos);
}

// Calibrated ranges: each column pair converts with its own LSB of 2^shift levels, rounding to the
// nearest code and clipping at 2^ADC_BITS - 1 codes (ideal devices: the sums are whole levels).
TEST(AnalogGolden, EachPairConvertsWithItsOwnAdcRange) {
  const Params p{64, 4, 8, 8};
  const AnalogParams a{2, 6, 1};  // 6 bits for 192 levels: full range is an LSB of 4 levels
  ASSERT_EQ(adc_shift_for_range(p, a, 1.0), 2);
  ASSERT_EQ(adc_shift_for_range(p, a, 0.25), 0);
  std::mt19937_64 rng(test_seed());
  AnalogSettings s;
  const int pairs = p.cols * a.slices(p);
  for (int q = 0; q < pairs; ++q) s.adc_shifts.push_back(q % 3);
  AnalogCrossbar x(p, a, s);
  const WeightMatrix w = random_weights(p, rng);
  std::uint64_t writes = 0;
  program(x, w, writes);
  for (int i = 0; i < 20; ++i) {
    std::vector<bool> wl(std::size_t(p.rows));
    for (int r = 0; r < p.rows; ++r) wl[std::size_t(r)] = rng() & 1;
    const std::vector<std::int64_t> codes = x.convert(wl, 0, std::uint64_t(i));
    for (int q = 0; q < pairs; ++q) {
      const int c = q / x.slices(), sl = q % x.slices(), lsb = x.slice_lsb(sl);
      const int width = x.slice_negative(sl) ? 1 : std::min(a.cell_bits, p.wbits - 1 - lsb);
      std::int64_t sum = 0;  // the pair's column sum in levels
      for (int r = 0; r < p.rows; ++r) {
        if (wl[std::size_t(r)]) sum += (w.at(r, c) >> lsb) & ((1u << width) - 1);
      }
      const int k = q % 3;
      ASSERT_EQ(x.lsb_shift(q), k);
      // A sum halfway between two codes may go either way: the currents are floating-point.
      const std::int64_t up = std::min<std::int64_t>(k ? (sum + (1 << (k - 1))) >> k : sum, 63);
      const std::int64_t down = std::min<std::int64_t>(k ? sum >> k : sum, 63);
      const bool tie = k && sum % (1 << k) == (1 << (k - 1));
      const std::int64_t got = codes[std::size_t(q)];
      ASSERT_TRUE(got == up << k || (tie && got == down << k))
          << "pair " << q << " sum " << sum << " code " << got;
    }
  }
}

// The ReRAM preset: its fourth-order programming-noise polynomial (aihwkit's fit to NeuRRAM,
// 1.103 uS at g_max = 40 uS) is what the devices at the top level scatter by; the PCM preset is
// the defaults.
TEST(AnalogGolden, DevicePresetsSetTheirModels) {
  AnalogSettings pcm;
  apply_device_preset(find_device_preset("pcm"), pcm);
  EXPECT_EQ(pcm.prog_c2, AnalogSettings{}.prog_c2);
  EXPECT_EQ(pcm.g_max_us, AnalogSettings{}.g_max_us);
  AnalogSettings s;
  apply_device_preset(find_device_preset("reram"), s, {"read_sigma"});
  EXPECT_EQ(s.g_max_us, 40.0);
  EXPECT_EQ(s.read_sigma, AnalogSettings{}.read_sigma);  // kept: given by hand
  EXPECT_EQ(s.drift_nu_mean, 0.0);
  s.prog_noise = true;
  s.seed = test_seed();
  const Params p{64, 16, 8, 8};
  const AnalogParams a{1, 8, 1};  // one bit a device: level 1 is g_max
  AnalogCrossbar x(p, a, s);
  std::uint64_t writes = 0;
  double sum = 0, sum_sq = 0;
  int n = 0;
  for (int r = 0; r < p.rows; ++r) {
    x.program_row(r, std::vector<std::uint32_t>(std::size_t(p.cols), 0x7f), writes++);
    for (int c = 0; c < p.cols; ++c) {
      for (int sl = 0; sl < x.slices() - 1; ++sl) {
        const double g = x.conductance(r, c, sl, false);
        sum += g;
        sum_sq += g * g;
        ++n;
      }
    }
  }
  const double mean = sum / n, sigma = std::sqrt(sum_sq / n - mean * mean);
  const double want = 0.348 + 16.030 - 43.853 + 45.393 - 16.815;  // u = 1, at 40 uS
  std::cout << "ReRAM at g_max: mean " << mean << " uS, sigma " << sigma << " uS (polynomial "
            << want << ")\n";
  EXPECT_NEAR(mean, 40.0, 0.2);
  EXPECT_NEAR(sigma, want, 0.1 * want);  // 7,168 devices: the sample sigma within 10 %
  try {
    find_device_preset("flash");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("pcm, reram"), std::string::npos) << e.what();
  }
}

TEST(AnalogGolden, BadAdcRangesNameTheProblem) {
  const Params p{16, 4, 8, 4};
  const AnalogParams a{2, 4, 1};  // 48 levels on 15 codes: shifts 0..2
  AnalogSettings s;
  s.adc_shifts = {1, 2};
  EXPECT_NE(message([&] { adc_ranges(p, a, s); }).find("2 shifts for 20 column pairs"),
            std::string::npos);
  s.adc_shifts.assign(20, 1);
  EXPECT_EQ(message([&] { adc_ranges(p, a, s); }), "");
  s.adc_shifts[7] = 3;
  EXPECT_NE(message([&] {
              AnalogCrossbar(p, a, s);
            }).find("pair 7 (col 1 slice 2) shift 3 is out of range (0..2)"),
            std::string::npos);

  const std::string path = ::testing::TempDir() + "adc_ranges.txt";
  auto with_file = [&](const std::string& text) {
    std::ofstream(path) << text;
    return message([&] { read_adc_ranges(path, p, a, AnalogSettings{}); });
  };
  EXPECT_NE(with_file("0 0 3\n").find(path + ":1: shift 3 is out of range (0..2)"),
            std::string::npos);
  EXPECT_NE(with_file("# c s k\n4 0 1\n").find(":2: col 4 is out of range (0..3)"),
            std::string::npos);
  EXPECT_NE(with_file("0 5 1\n").find(":1: slice 5 is out of range (0..4)"), std::string::npos);
  EXPECT_NE(with_file("0 0\n").find(":1: expected 'col slice shift'"), std::string::npos);
  EXPECT_NE(with_file("0 0 -1\n").find(":1: shift '-1' is not a whole number"), std::string::npos);
  EXPECT_NE(with_file("1 1 1\n1 1 0\n").find(":2: pair already listed on line 1"),
            std::string::npos);
  EXPECT_NE(message([&] {
              read_adc_ranges("/nonexistent/r", p, a, AnalogSettings{});
            }).find("cannot open"),
            std::string::npos);
  // A file round-trips; pairs it does not list keep adc_range's shift.
  std::ofstream(path) << "1 2 0  # col 1, slice 2\n";
  AnalogSettings half;
  half.adc_range = 0.5;
  const std::vector<int> read = read_adc_ranges(path, p, a, half);
  ASSERT_EQ(read.size(), 20u);
  for (std::size_t q = 0; q < read.size(); ++q) EXPECT_EQ(read[q], q == 7 ? 0 : 1) << q;
  std::ostringstream out;
  write_adc_ranges(out, read, a.slices(p));
  std::ofstream(path) << out.str();
  EXPECT_EQ(read_adc_ranges(path, p, a, AnalogSettings{}), read);
}

}  // namespace
}  // namespace cim::test
