#include "cim/mvm.h"

#include <stdexcept>

namespace cim {

std::int64_t decode(std::uint32_t raw, int bits, bool is_signed) {
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  const std::uint64_t v = raw & mask;
  if (is_signed && (v >> (bits - 1)) & 1) return std::int64_t(v) - std::int64_t(mask + 1);
  return std::int64_t(v);
}

bool precision_in_range(const Params& p, const Precision& prec) {
  return prec.abits >= 1 && prec.abits <= p.abits && prec.wbits >= 1 && prec.wbits <= p.wbits;
}

std::vector<std::int64_t> mvm(const WeightMatrix& w, const std::vector<std::uint32_t>& act,
                              const Precision& prec) {
  if (act.size() != std::size_t(w.rows())) {
    throw std::invalid_argument("mvm: " + std::to_string(act.size()) + " activations for " +
                                std::to_string(w.rows()) + " rows");
  }
  std::vector<std::int64_t> y(w.cols(), 0);
  for (int r = 0; r < w.rows(); ++r) {
    const std::int64_t a = decode(act[r], prec.abits, prec.asigned);
    if (a == 0) continue;
    for (int c = 0; c < w.cols(); ++c) y[c] += a * decode(w.at(r, c), prec.wbits, prec.wsigned);
  }
  return y;
}

Response reference(const Params& p, const WeightMatrix& w, const Request& req) {
  if (!precision_in_range(p, req.prec)) return {std::vector<std::int64_t>(p.cols, 0), true};
  return {mvm(w, req.act, req.prec), false};
}

}  // namespace cim
