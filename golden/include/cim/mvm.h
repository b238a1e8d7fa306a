// SPDX-License-Identifier: Apache-2.0
// The exact integer reference: what a matrix-vector multiply on the macro must return.
#pragma once

#include <cstdint>
#include <vector>

#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

// ROWS x COLS raw weight patterns, row-major, as written through wr_data_i.
class WeightMatrix {
 public:
  WeightMatrix(int rows, int cols) : rows_(rows), cols_(cols), raw_(std::size_t(rows) * cols, 0) {}

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  std::uint32_t& at(int row, int col) { return raw_[std::size_t(row) * cols_ + col]; }
  std::uint32_t at(int row, int col) const { return raw_[std::size_t(row) * cols_ + col]; }
  const std::uint32_t* row(int r) const { return &raw_[std::size_t(r) * cols_]; }

 private:
  int rows_, cols_;
  std::vector<std::uint32_t> raw_;
};

struct Request {
  std::vector<std::uint32_t> act;  // ROWS raw activation patterns
  Precision prec;
  int wset = 0;  // the weight set it computes with (< Params::wsets)
};

struct Response {
  std::vector<std::int64_t> data;
  bool err = false;

  friend bool operator==(const Response&, const Response&) = default;
};

// The value of the low `bits` bits of `raw` (1..32), two's complement when is_signed.
inline std::int64_t decode(std::uint32_t raw, int bits, bool is_signed) {
  const int unused = 32 - bits;
  const std::uint32_t low = (raw << unused) >> unused;
  return is_signed ? std::int64_t(std::int32_t(raw << unused) >> unused) : std::int64_t(low);
}

// True when the request's precision is one the macro computes (1..ABITS, 1..WBITS).
bool precision_in_range(const Params& p, const Precision& prec);

// y[c] = sum_r decode(act[r]) * decode(w[r][c]); requires an in-range precision.
std::vector<std::int64_t> mvm(const WeightMatrix& w, const std::vector<std::uint32_t>& act,
                              const Precision& prec);

// What the macro must answer: mvm() for an in-range precision, otherwise err with zero data.
Response reference(const Params& p, const WeightMatrix& w, const Request& req);

}  // namespace cim
