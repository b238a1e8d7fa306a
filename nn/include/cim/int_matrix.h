// SPDX-License-Identifier: Apache-2.0
// A dense row-major matrix of integers: a weight matrix (K x N), a batch of input vectors (M x K,
// one vector a row) or their product (M x N), as the mapper and the array files hold them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cim {

class IntMatrix {
 public:
  IntMatrix() = default;
  IntMatrix(int rows, int cols) : rows_(rows), cols_(cols), v_(std::size_t(rows) * cols, 0) {}

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  std::int64_t& at(int r, int c) { return v_[std::size_t(r) * cols_ + c]; }
  std::int64_t at(int r, int c) const { return v_[std::size_t(r) * cols_ + c]; }
  const std::vector<std::int64_t>& values() const { return v_; }

  friend bool operator==(const IntMatrix&, const IntMatrix&) = default;

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<std::int64_t> v_;
};

// The exact product a (M x K) times b (K x N); throws std::invalid_argument when K differs.
IntMatrix multiply(const IntMatrix& a, const IntMatrix& b);

}  // namespace cim
