// SPDX-License-Identifier: Apache-2.0
#include "cim/mvm.h"

#include <stdexcept>

namespace cim {

bool precision_in_range(const Params& p, const Precision& prec) {
  return prec.abits >= 1 && prec.abits <= p.abits && prec.wbits >= 1 && prec.wbits <= p.wbits;
}

namespace {

// Acc is int32_t whenever every partial sum provably fits, which lets the compiler vectorize
// twice as wide; the arithmetic is the same.
template <class Acc>
std::vector<std::int64_t> mvm_as(const WeightMatrix& w, const std::vector<std::uint32_t>& act,
                                 const Precision& prec) {
  std::vector<Acc> y(w.cols(), 0);
  for (int r = 0; r < w.rows(); ++r) {
    const Acc a = Acc(decode(act[r], prec.abits, prec.asigned));
    const std::uint32_t* row = w.row(r);
    for (int c = 0; c < w.cols(); ++c) y[c] += a * Acc(decode(row[c], prec.wbits, prec.wsigned));
  }
  return std::vector<std::int64_t>(y.begin(), y.end());
}

}  // namespace

std::vector<std::int64_t> mvm(const WeightMatrix& w, const std::vector<std::uint32_t>& act,
                              const Precision& prec) {
  if (act.size() != std::size_t(w.rows())) {
    throw std::invalid_argument("mvm: " + std::to_string(act.size()) + " activations for " +
                                std::to_string(w.rows()) + " rows");
  }
  // |partial sum| <= rows * 2^abits * 2^wbits.
  const bool fits_int32 = Params::clog2(std::uint64_t(w.rows())) + prec.abits + prec.wbits < 31;
  return fits_int32 ? mvm_as<std::int32_t>(w, act, prec) : mvm_as<std::int64_t>(w, act, prec);
}

Response reference(const Params& p, const WeightMatrix& w, const Request& req) {
  if (!precision_in_range(p, req.prec)) return {std::vector<std::int64_t>(p.cols, 0), true};
  return {mvm(w, req.act, req.prec), false};
}

}  // namespace cim
