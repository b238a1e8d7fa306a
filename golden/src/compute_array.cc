// SPDX-License-Identifier: Apache-2.0
#include "cim/compute_array.h"

#include <bit>

#include "cim/mvm.h"

namespace cim {
namespace {

// Bitcells ANDed with the wordlines, one popcount per bit column and lane, shifted and signed:
// the architecture of cim_macro, modelled on packed bit columns rather than by calling mvm().
// Each weight set has its own bitcells; a cycle computes with one.
class DigitalArray final : public ComputeArray {
 public:
  explicit DigitalArray(const Params& p)
      : p_(p),
        words_((p.rows + 63) / 64),
        weight_mask_((1u << p.wbits) - 1),
        sets_(std::size_t(p.wsets),
              Set{WeightMatrix(p.rows, p.cols),
                  std::vector<std::uint64_t>(std::size_t(p.cols) * p.wbits * words_, 0)}),
        wordlines_(words_, 0) {}

  int phases() const override { return 1; }
  bool supports(const Precision&) const override { return true; }

  void store(int wset, int row, const std::vector<std::uint32_t>& raw) override {
    Set& set = sets_[std::size_t(wset)];
    const std::uint64_t bit = std::uint64_t{1} << (row % 64);
    for (int c = 0; c < p_.cols; ++c) {
      const std::uint32_t w = raw[c] & weight_mask_;
      set.weights.at(row, c) = w;
      for (int j = 0; j < p_.wbits; ++j) {
        std::uint64_t& word = set.columns[(std::size_t(c) * p_.wbits + j) * words_ + row / 64];
        word = ((w >> j) & 1) ? (word | bit) : (word & ~bit);
      }
    }
  }

  std::vector<std::uint32_t> load(int wset, int row) const override {
    const WeightMatrix& w = sets_[std::size_t(wset)].weights;
    return std::vector<std::uint32_t>(w.row(row), w.row(row) + p_.cols);
  }

  // Activation bit group `group` on the wordlines, one lane per bit (lanes above the MSB off in
  // the first group), every bit column counted per lane, the counts shifted and signed.
  bool cycle(const ArrayCycle& cy, const std::vector<std::uint32_t>& act,
             std::vector<std::int64_t>& partial) override {
    const int abits_per_cycle = p_.abits_per_cycle;
    const std::vector<std::uint64_t>& columns = sets_[std::size_t(cy.wset)].columns;
    std::fill(partial.begin(), partial.end(), 0);
    for (int lane = 0; lane < abits_per_cycle; ++lane) {
      std::fill(wordlines_.begin(), wordlines_.end(), 0);
      if (!cy.first_group || lane <= cy.top_lane) {
        const int bit = cy.group * abits_per_cycle + lane;
        for (int r = 0; r < p_.rows; ++r) {
          wordlines_[r / 64] |= std::uint64_t((act[r] >> bit) & 1) << (r % 64);
        }
      }
      const bool aneg = cy.asigned && cy.first_group && lane == cy.top_lane;
      for (int c = 0; c < p_.cols; ++c) {
        for (int j = 0; j < cy.wbits; ++j) {
          const std::uint64_t* col = &columns[(std::size_t(c) * p_.wbits + j) * words_];
          std::int64_t pop = 0;
          for (int w = 0; w < words_; ++w) pop += std::popcount(col[w] & wordlines_[w]);
          const bool neg = (cy.wsigned && cy.wbits == j + 1) != aneg;
          partial[c] += (neg ? -pop : pop) * (std::int64_t{1} << (j + lane));
        }
      }
    }
    return true;
  }

 private:
  struct Set {
    WeightMatrix weights;
    std::vector<std::uint64_t> columns;  // bit column (c, j) = rows' bit j of weight c, packed
  };

  Params p_;
  int words_;  // 64-bit words per bit column
  std::uint32_t weight_mask_;
  std::vector<Set> sets_;
  std::vector<std::uint64_t> wordlines_;
};

// The crossbar converts one ADC phase per cycle; the codes wait in the capture registers until
// the group's last phase, when the slices are recombined.
class AnalogArray final : public ComputeArray {
 public:
  AnalogArray(const Params& p, const AnalogParams& a, const AnalogSettings& s)
      : p_(p), a_(a), xbar_(p, a, s), codes_(xbar_.pairs(), 0), wordlines_(p.rows) {}

  int phases() const override { return a_.adc_share; }
  bool supports(const Precision& prec) const override { return analog_precision_ok(p_, a_, prec); }

  // One weight set (the analog macro has no others: its set ports are ignored).
  void store(int, int row, const std::vector<std::uint32_t>& raw) override {
    xbar_.program_row(row, raw, writes_++);
  }

  std::vector<std::uint32_t> load(int, int row) const override { return xbar_.read_row(row); }

  bool cycle(const ArrayCycle& cy, const std::vector<std::uint32_t>& act,
             std::vector<std::int64_t>& partial) override {
    for (int r = 0; r < p_.rows; ++r) wordlines_[r] = (act[r] >> cy.group) & 1;
    const std::vector<std::int64_t> out = xbar_.convert(wordlines_, cy.phase, conversions_++);
    for (int q = cy.phase; q < xbar_.pairs(); q += a_.adc_share) codes_[q] = out[q];
    if (cy.phase != a_.adc_share - 1) return false;
    combine_slices(xbar_, codes_, cy.wbits, cy.wsigned, cy.asigned && cy.first_group, partial);
    return true;
  }

 private:
  Params p_;
  AnalogParams a_;
  AnalogCrossbar xbar_;
  std::vector<std::int64_t> codes_;
  std::vector<bool> wordlines_;
  std::uint64_t writes_ = 0;       // programming-noise key
  std::uint64_t conversions_ = 0;  // read-noise key
};

}  // namespace

std::unique_ptr<ComputeArray> make_digital_array(const Params& p) {
  return std::make_unique<DigitalArray>(p);
}

std::unique_ptr<ComputeArray> make_analog_array(const Params& p, const AnalogParams& a,
                                                const AnalogSettings& s) {
  return std::make_unique<AnalogArray>(p, a, s);
}

}  // namespace cim
