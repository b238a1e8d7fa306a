// SPDX-License-Identifier: Apache-2.0
#include "cim/cycle_model.h"

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

CycleModel::CycleModel(const Params& p) : CycleModel(p, (p.validate(), make_digital_array(p))) {}

CycleModel::CycleModel(const Params& p, const AnalogParams& a, const AnalogSettings& s)
    : CycleModel(p, make_analog_array(p, a, s)) {}

CycleModel::CycleModel(const Params& p, std::unique_ptr<ComputeArray> array)
    : p_(p),
      array_(std::move(array)),
      row_mask_(low_mask(p.row_addr_bits())),
      abits_mask_(low_mask(p.abits_port_bits())),
      wbits_mask_(low_mask(p.wbits_port_bits())),
      act_mask_(low_mask(p.abits)),
      act_(p.rows, 0),
      acc_(p.cols, 0),
      rd_data_(p.cols, 0),
      in_(p) {
  reset();
}

void CycleModel::reset() {
  ctl_ = Control{};
  now_ = Group{.partial = std::vector<std::int64_t>(p_.cols, 0)};
  pipe_ = now_;
  std::fill(acc_.begin(), acc_.end(), 0);
  std::fill(rd_data_.begin(), rd_data_.end(), 0);
}

// Only a first group overwrites the accumulators, so only it waits for a response to leave, and
// while it waits nothing moves.
bool CycleModel::stall(const Inputs& in) const {
  const bool first = p_.pipe ? pipe_.valid && pipe_.first : ctl_.busy && ctl_.first;
  return first && ctl_.rsp_valid && !in.rsp_ready;
}

bool CycleModel::fire(const Inputs& in) const { return ctl_.busy && !stall(in); }

bool CycleModel::slot_open(const Inputs& in) const {
  return ctl_.active && (!ctl_.busy || (fire(in) && ctl_.group == 0 &&
                                        ctl_.phase + 1 == std::uint32_t(array_->phases())));
}

// The latch storage (SCM) lands a write in the next cycle's second half: no request, whose first
// array cycle that is, is taken in a cycle that offers a write to its set.
bool CycleModel::hold_request(const Inputs& in) const {
  return p_.scm != 0 && in.wr_valid && wset(in.wr_wset) == wset(in.req_wset);
}

// The set a set port names: every value names one (WSETS is a power of two); one set ignores it.
std::uint32_t CycleModel::wset(std::uint32_t port) const {
  return port & std::uint32_t(p_.wsets - 1);
}

// A write or read is taken when the array reads no weight after this cycle, or, with weight sets,
// when it goes to a set the compute does not use.
bool CycleModel::storage_ready(const Inputs& in, std::uint32_t port_wset) const {
  return slot_open(in) || (p_.wsets > 1 && ctl_.active && wset(port_wset) != ctl_.wset);
}

void CycleModel::eval(const Inputs& in, Outputs& out) {
  in_ = in;
  if (!in.rst_n) reset();
  const bool slot = slot_open(in);
  out.wr_ready = storage_ready(in, in.wr_wset);
  out.rd_ready = storage_ready(in, in.rd_wset);
  out.req_ready = slot && !hold_request(in);
  out.rd_data = rd_data_;
  out.rd_data_valid = ctl_.rd_data_valid;
  out.rsp_valid = ctl_.rsp_valid;
  out.rsp_err = ctl_.rsp_err;
  out.rsp_data = acc_;
}

void CycleModel::poke_weight(int row, int col, std::uint32_t raw) {
  std::vector<std::uint32_t> w = array_->load(0, row);
  w[col] = raw;
  array_->store(0, row, w);
}

// One fired array cycle: true when it completes a group, whose partial sums it leaves in `g` (an
// out-of-range request's single cycle completes a group of zeros).
bool CycleModel::array_cycle(Group& g) {
  g.first = ctl_.first;
  g.last = ctl_.group == 0;
  g.err = ctl_.err;
  if (ctl_.err) {
    std::fill(g.partial.begin(), g.partial.end(), 0);
    return true;
  }
  ArrayCycle cy;
  cy.wset = int(ctl_.wset);
  cy.group = int(ctl_.group);
  cy.phase = int(ctl_.phase);
  cy.first_group = ctl_.first;
  cy.top_lane = int(ctl_.top);
  cy.wbits = int(ctl_.wbits);
  cy.asigned = ctl_.asigned;
  cy.wsigned = ctl_.wsigned;
  return array_->cycle(cy, act_, g.partial);
}

// The accumulators take a group: loaded by the first, shifted by the group width and added by
// every later one.
void CycleModel::accumulate(const Group& g) {
  const std::int64_t scale = std::int64_t{1} << p_.abits_per_cycle;
  for (int c = 0; c < p_.cols; ++c) {
    acc_[c] = wrap_signed(g.first ? g.partial[c] : acc_[c] * scale + g.partial[c], p_.outw());
  }
}

void CycleModel::tick() {
  ++cycle_;
  const Inputs& in = in_;
  if (!in.rst_n) return;

  const bool stalled = stall(in);
  const bool fired = fire(in);
  const bool last_phase = ctl_.phase + 1 == std::uint32_t(array_->phases());
  const bool done = fired && ctl_.group == 0 && last_phase;
  const bool slot = slot_open(in);
  const bool accept = in.req_valid && slot && !hold_request(in);
  const bool write = in.wr_valid && storage_ready(in, in.wr_wset);
  const bool read = in.rd_valid && storage_ready(in, in.rd_wset);
  const std::uint32_t wr_row = in.wr_row & row_mask_;
  const std::uint32_t rd_row = in.rd_row & row_mask_;

  // The array computes before this edge's write; the accumulators take the register's group (PIPE)
  // before the register takes the array's.
  now_.valid = fired && array_cycle(now_);
  bool response = false;  // the accumulators complete a response at this edge
  const Group& taken = p_.pipe ? pipe_ : now_;
  if (taken.valid && !stalled) {
    accumulate(taken);
    response = taken.last;
  }
  const bool response_err = taken.err;
  if (p_.pipe && !stalled) pipe_ = now_;

  // Reads see the array as it was before this edge's write.
  ctl_.rd_data_valid = read;
  if (ctl_.rd_data_valid) {
    rd_data_ = rd_row < std::uint32_t(p_.rows) ? array_->load(int(wset(in.rd_wset)), int(rd_row))
                                               : std::vector<std::uint32_t>(p_.cols, 0);
  }
  if (write && wr_row < std::uint32_t(p_.rows)) {
    array_->store(int(wset(in.wr_wset)), int(wr_row), in.wr_data);
  }

  if (accept) {
    const std::uint32_t abits = in.req_abits & abits_mask_;
    const std::uint32_t wbits = in.req_wbits & wbits_mask_;
    const bool bad =
        abits == 0 || abits > std::uint32_t(p_.abits) || wbits == 0 ||
        wbits > std::uint32_t(p_.wbits) ||
        !array_->supports(Precision{int(abits), int(wbits), in.req_asigned, in.req_wsigned});
    ctl_.busy = true;
    ctl_.err = bad;
    ctl_.first = true;
    // Groups are aligned to bit 0, so the MSB sits in lane (abits-1) % ABITS_PER_CYCLE of the
    // first group.
    const std::uint32_t abits_per_cycle = std::uint32_t(p_.abits_per_cycle);
    ctl_.group = bad ? 0 : (abits - 1) / abits_per_cycle;
    ctl_.top = (abits - 1) % abits_per_cycle;
    ctl_.phase = bad ? std::uint32_t(array_->phases() - 1) : 0;  // an error request takes one cycle
    ctl_.wbits = wbits;
    ctl_.asigned = in.req_asigned;
    ctl_.wsigned = in.req_wsigned;
    ctl_.wset = wset(in.req_wset);
    for (int r = 0; r < p_.rows; ++r) act_[r] = in.req_act[r] & act_mask_;
  } else if (done) {
    ctl_.busy = false;
  } else if (fired && last_phase) {
    ctl_.first = false;
    ctl_.phase = 0;
    --ctl_.group;
  } else if (fired) {
    ++ctl_.phase;
  }

  if (response) {
    ctl_.rsp_valid = true;
    ctl_.rsp_err = response_err;
  } else if (in.rsp_ready) {
    ctl_.rsp_valid = false;
    ctl_.rsp_err = false;
  }
  ctl_.active = true;
}

}  // namespace cim
