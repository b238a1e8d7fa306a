// SPDX-License-Identifier: Apache-2.0
#include "cim/adc_calibration.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "cim/mapper.h"

namespace cim {
namespace {

// Rows as bits: a set of up to ROWS rows, 64 a word.
using RowBits = std::vector<std::uint64_t>;

int popcount_and(const RowBits& a, const RowBits& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += std::popcount(a[i] & b[i]);
  return n;
}

// The squared error of an ADC of LSB 2^k over the weighted histogram of column sums.
double adc_error(const std::vector<double>& hist, int k, std::int64_t code_max) {
  double err = 0.0;
  for (std::size_t v = 0; v < hist.size(); ++v) {
    if (hist[v] == 0.0) continue;
    const std::int64_t x = std::int64_t(v);
    const std::int64_t code = std::min(k ? (x + (std::int64_t{1} << (k - 1))) >> k : x, code_max);
    const double e = double((code << k) - x);
    err += hist[v] * e * e;
  }
  return err;
}

// The minimum-error shift, the wider range on a tie.
int best_shift(const std::vector<double>& hist, int most, std::int64_t code_max) {
  int best = most;
  double best_err = adc_error(hist, most, code_max);
  for (int k = most - 1; k >= 0; --k) {
    const double err = adc_error(hist, k, code_max);
    if (err < best_err) {
      best = k;
      best_err = err;
    }
  }
  return best;
}

}  // namespace

// Each calibration with its one spelling.
constexpr std::pair<AdcCalibration, const char*> kCalibrationNames[] = {
    {AdcCalibration::kFullRange, "full"},
    {AdcCalibration::kLayer, "layer"},
    {AdcCalibration::kColumn, "column"}};

const char* adc_calibration_name(AdcCalibration c) {
  for (const auto& [calibration, name] : kCalibrationNames) {
    if (calibration == c) return name;
  }
  return "full";
}

AdcCalibration parse_adc_calibration(const std::string& name) {
  for (const auto& [calibration, spelling] : kCalibrationNames) {
    if (name == spelling) return calibration;
  }
  throw std::invalid_argument("ADC calibration '" + name + "' is not full, layer or column");
}

std::vector<std::vector<int>> calibrate_adc_ranges(const IntMatrix& inputs,
                                                   const IntMatrix& weights, const Precision& prec,
                                                   const Params& p, const AnalogParams& a,
                                                   AdcCalibration mode) {
  const int slices = a.slices(p), pairs = p.cols * slices;
  const int most = adc_shift_for_range(p, a, 1.0);
  const std::int64_t code_max = (std::int64_t{1} << a.adc_bits) - 1;
  const std::size_t sums = std::size_t(p.rows) * std::size_t((1 << a.cell_bits) - 1) + 1;
  const std::size_t words = std::size_t(p.rows + 63) / 64;
  auto slice_lsb = [&](int s) { return s == slices - 1 ? p.wbits - 1 : s * a.cell_bits; };
  auto slice_width = [&](int s) {
    return s == slices - 1 ? 1 : std::min(a.cell_bits, p.wbits - 1 - slice_lsb(s));
  };

  std::vector<std::vector<int>> tiles;
  std::vector<double> layer_hist(sums, 0.0);
  for (int n0 = 0; n0 < weights.cols(); n0 += p.cols) {
    for (int k0 = 0; k0 < weights.rows(); k0 += p.rows) {
      std::vector<int>& shifts = tiles.emplace_back(std::size_t(pairs), most);
      if (mode == AdcCalibration::kFullRange) continue;
      const int rows = std::min(p.rows, weights.rows() - k0);
      const int cols = std::min(p.cols, weights.cols() - n0);
      // The activation bits of each input row, per bit: act[m * abits + b].
      std::vector<RowBits> act(std::size_t(inputs.rows()) * std::size_t(prec.abits),
                               RowBits(words, 0));
      for (int m = 0; m < inputs.rows(); ++m) {
        for (int r = 0; r < rows; ++r) {
          const std::uint32_t raw = raw_bits(inputs.at(m, k0 + r), prec.abits);
          for (int b = 0; b < prec.abits; ++b) {
            if ((raw >> b) & 1)
              act[std::size_t(m) * std::size_t(prec.abits) + std::size_t(b)][std::size_t(r) / 64] |=
                  std::uint64_t{1} << (r % 64);
          }
        }
      }
      for (int c = 0; c < cols; ++c) {
        for (int s = 0; s < slices; ++s) {
          const int lsb = slice_lsb(s), width = slice_width(s);
          if (lsb >= prec.wbits) continue;  // a pair the request does not use keeps the full range
          // The pair's levels, a bit plane each.
          std::vector<RowBits> level(std::size_t(width), RowBits(words, 0));
          for (int r = 0; r < rows; ++r) {
            const std::uint32_t raw = raw_bits(weights.at(k0 + r, n0 + c), prec.wbits);
            for (int j = 0; j < width; ++j) {
              if ((raw >> (lsb + j)) & 1)
                level[std::size_t(j)][std::size_t(r) / 64] |= std::uint64_t{1} << (r % 64);
            }
          }
          std::vector<double> hist(sums, 0.0);
          for (int m = 0; m < inputs.rows(); ++m) {
            for (int b = 0; b < prec.abits; ++b) {
              const RowBits& bits = act[std::size_t(m) * std::size_t(prec.abits) + std::size_t(b)];
              std::size_t sum = 0;
              for (int j = 0; j < width; ++j)
                sum += std::size_t(popcount_and(bits, level[std::size_t(j)])) << j;
              hist[sum] += std::ldexp(1.0, 2 * b);
            }
          }
          if (mode == AdcCalibration::kColumn) {
            shifts[std::size_t(c * slices + s)] = best_shift(hist, most, code_max);
          } else {
            for (std::size_t v = 0; v < sums; ++v)
              layer_hist[v] += hist[v] * std::ldexp(1.0, 2 * lsb);
          }
        }
      }
    }
  }
  if (mode == AdcCalibration::kLayer) {
    const int k = best_shift(layer_hist, most, code_max);
    for (std::vector<int>& shifts : tiles) {
      for (int q = 0; q < pairs; ++q) {
        if (slice_lsb(q % slices) < prec.wbits) shifts[std::size_t(q)] = k;
      }
    }
  }
  return tiles;
}

}  // namespace cim
