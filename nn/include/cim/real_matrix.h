// SPDX-License-Identifier: Apache-2.0
// A dense row-major matrix of real values: data as users keep it (standardized features, pixels
// scaled to 0..1, or integers), one example a row, before quantization.
#pragma once

#include <cstddef>
#include <vector>

namespace cim {

class RealMatrix {
 public:
  RealMatrix() = default;
  RealMatrix(int rows, int cols)
      : rows_(rows), cols_(cols), v_(std::size_t(rows) * std::size_t(cols), 0.0) {}

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  double& at(int r, int c) { return v_[std::size_t(r) * std::size_t(cols_) + std::size_t(c)]; }
  double at(int r, int c) const { return v_[std::size_t(r) * std::size_t(cols_) + std::size_t(c)]; }
  const std::vector<double>& values() const { return v_; }

  friend bool operator==(const RealMatrix&, const RealMatrix&) = default;

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<double> v_;
};

}  // namespace cim
