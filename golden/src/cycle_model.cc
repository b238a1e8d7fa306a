#include "cim/cycle_model.h"

#include <bit>

namespace cim {
namespace {

std::uint32_t low_mask(int bits) { return bits >= 32 ? ~0u : (1u << bits) - 1; }

std::int64_t wrap_signed(std::int64_t v, int bits) {
  const std::uint64_t mask = (bits >= 64) ? ~0ull : (1ull << bits) - 1;
  std::uint64_t u = std::uint64_t(v) & mask;
  if ((u >> (bits - 1)) & 1) u |= ~mask;
  return std::int64_t(u);
}

}  // namespace

CycleModel::CycleModel(const Params& p)
    : p_((p.validate(), p)),
      words_((p.rows + 63) / 64),
      row_mask_(low_mask(p.row_addr_bits())),
      abits_mask_(low_mask(p.abits_port_bits())),
      wbits_mask_(low_mask(p.wbits_port_bits())),
      act_mask_(low_mask(p.abits)),
      weight_mask_(low_mask(p.wbits)),
      weights_(p.rows, p.cols),
      columns_(std::size_t(p.cols) * p.wbits * words_, 0),
      act_(p.rows, 0),
      acc_(p.cols, 0),
      rd_data_(p.cols, 0),
      wordlines_(words_, 0),
      in_(p) {
  reset();
}

void CycleModel::reset() {
  s_ = Control{};
  std::fill(acc_.begin(), acc_.end(), 0);
  std::fill(rd_data_.begin(), rd_data_.end(), 0);
}

bool CycleModel::fire(const Inputs& in) const {
  return s_.busy && !(s_.first && s_.rsp_valid && !in.rsp_ready);
}

bool CycleModel::slot_open(const Inputs& in) const {
  return s_.active && (!s_.busy || (fire(in) && s_.bit == 0));
}

void CycleModel::eval(const Inputs& in, Outputs& out) {
  in_ = in;
  if (!in.rst_n) reset();
  const bool slot = slot_open(in);
  out.wr_ready = slot;
  out.rd_ready = slot;
  out.req_ready = slot;
  out.rd_data = rd_data_;
  out.rd_data_valid = s_.rd_data_valid;
  out.rsp_valid = s_.rsp_valid;
  out.rsp_err = s_.rsp_err;
  out.rsp_data = acc_;
}

void CycleModel::store(int row, const std::vector<std::uint32_t>& raw_row) {
  const std::uint64_t bit = std::uint64_t{1} << (row % 64);
  for (int c = 0; c < p_.cols; ++c) {
    const std::uint32_t w = raw_row[c] & weight_mask_;
    weights_.at(row, c) = w;
    for (int j = 0; j < p_.wbits; ++j) {
      std::uint64_t& word = columns_[(std::size_t(c) * p_.wbits + j) * words_ + row / 64];
      word = ((w >> j) & 1) ? (word | bit) : (word & ~bit);
    }
  }
}

void CycleModel::poke_weight(int row, int col, std::uint32_t raw) {
  std::vector<std::uint32_t> row_raw(p_.cols);
  for (int c = 0; c < p_.cols; ++c) row_raw[c] = weights_.at(row, c);
  row_raw[col] = raw;
  store(row, row_raw);
}

// One array cycle: activation bit group s_.bit of every row on the wordlines, one lane per bit
// (lanes above the MSB off in the first group), every bit column counted per lane, the counts
// shifted, signed and summed, folded into the accumulators most significant group first.
void CycleModel::accumulate() {
  const int lanes = p_.abits_per_cycle;
  std::vector<std::int64_t> partial(p_.cols, 0);
  for (int lane = 0; lane < lanes; ++lane) {
    std::fill(wordlines_.begin(), wordlines_.end(), 0);
    const bool lane_on = !s_.err && (!s_.first || std::uint32_t(lane) <= s_.top);
    if (lane_on) {
      const int bit = int(s_.bit) * lanes + lane;
      for (int r = 0; r < p_.rows; ++r) {
        wordlines_[r / 64] |= std::uint64_t((act_[r] >> bit) & 1) << (r % 64);
      }
    }
    const bool aneg = s_.asigned && s_.first && std::uint32_t(lane) == s_.top;
    for (int c = 0; c < p_.cols; ++c) {
      for (int j = 0; j < p_.wbits; ++j) {
        if (s_.wbits <= std::uint32_t(j)) continue;
        const std::uint64_t* col = &columns_[(std::size_t(c) * p_.wbits + j) * words_];
        std::int64_t pop = 0;
        for (int w = 0; w < words_; ++w) pop += std::popcount(col[w] & wordlines_[w]);
        const bool neg = (s_.wsigned && s_.wbits == std::uint32_t(j + 1)) != aneg;
        partial[c] += (neg ? -pop : pop) * (std::int64_t{1} << (j + lane));
      }
    }
  }
  for (int c = 0; c < p_.cols; ++c) {
    acc_[c] = wrap_signed(s_.first ? partial[c] : acc_[c] * (std::int64_t{1} << lanes) + partial[c], p_.outw());
  }
}

void CycleModel::tick() {
  ++cycle_;
  const Inputs& in = in_;
  if (!in.rst_n) return;

  const bool fired = fire(in);
  const bool done = fired && s_.bit == 0;
  const bool slot = slot_open(in);
  const bool accept = in.req_valid && slot;
  const std::uint32_t wr_row = in.wr_row & row_mask_;
  const std::uint32_t rd_row = in.rd_row & row_mask_;

  if (fired) accumulate();

  // Reads see the array as it was before this edge's write.
  s_.rd_data_valid = in.rd_valid && slot;
  if (s_.rd_data_valid) {
    for (int c = 0; c < p_.cols; ++c) {
      rd_data_[c] = rd_row < std::uint32_t(p_.rows) ? weights_.at(int(rd_row), c) : 0;
    }
  }
  if (in.wr_valid && slot && wr_row < std::uint32_t(p_.rows)) store(int(wr_row), in.wr_data);

  const bool err_q = s_.err;
  if (accept) {
    const std::uint32_t abits = in.req_abits & abits_mask_;
    const std::uint32_t wbits = in.req_wbits & wbits_mask_;
    const bool bad = abits == 0 || abits > std::uint32_t(p_.abits) || wbits == 0 ||
                     wbits > std::uint32_t(p_.wbits);
    s_.busy = true;
    s_.err = bad;
    s_.first = true;
    // Groups are aligned to bit 0, so the MSB sits in lane (abits-1) % lanes of the first group.
    const std::uint32_t lanes = std::uint32_t(p_.abits_per_cycle);
    s_.bit = bad ? 0 : (abits - 1) / lanes;
    s_.top = (abits - 1) % lanes;
    s_.wbits = wbits;
    s_.asigned = in.req_asigned;
    s_.wsigned = in.req_wsigned;
    for (int r = 0; r < p_.rows; ++r) act_[r] = in.req_act[r] & act_mask_;
  } else if (done) {
    s_.busy = false;
  } else if (fired) {
    s_.first = false;
    --s_.bit;
  }

  if (done) {
    s_.rsp_valid = true;
    s_.rsp_err = err_q;
  } else if (in.rsp_ready) {
    s_.rsp_valid = false;
    s_.rsp_err = false;
  }
  s_.active = true;
}

}  // namespace cim
