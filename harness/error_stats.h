// SPDX-License-Identifier: Apache-2.0
// Error statistics of a macro's results against the exact integer MVM (the analog macro's
// accuracy): RMSE, largest error, and SNR = 10 log10(sum y^2 / sum (y' - y)^2) in dB.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

namespace cim {

class ErrorStats {
 public:
  void add(const std::vector<std::int64_t>& want, const std::vector<std::int64_t>& got) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      const double e = double(got[i] - want[i]);
      err_sq_ += e * e;
      sig_sq_ += double(want[i]) * double(want[i]);
      const std::int64_t d = got[i] > want[i] ? got[i] - want[i] : want[i] - got[i];
      if (d > max_abs_) max_abs_ = d;
      ++n_;
    }
  }

  std::uint64_t outputs() const { return n_; }
  double rmse() const { return n_ ? std::sqrt(err_sq_ / double(n_)) : 0.0; }
  std::int64_t max_error() const { return max_abs_; }
  // +infinity when every output is exact.
  double snr_db() const {
    if (err_sq_ == 0.0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(sig_sq_ / err_sq_);
  }

 private:
  double err_sq_ = 0.0, sig_sq_ = 0.0;
  std::int64_t max_abs_ = 0;
  std::uint64_t n_ = 0;
};

}  // namespace cim
