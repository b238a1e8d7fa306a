// SPDX-License-Identifier: Apache-2.0
#include "cim/int_matrix.h"

#include <stdexcept>
#include <string>

namespace cim {

IntMatrix multiply(const IntMatrix& a, const IntMatrix& b) {
  if (a.cols() != b.rows()) {
    throw std::invalid_argument("multiply: " + std::to_string(a.cols()) + " columns times " +
                                std::to_string(b.rows()) + " rows");
  }
  IntMatrix y(a.rows(), b.cols());
  for (int m = 0; m < a.rows(); ++m) {
    for (int k = 0; k < a.cols(); ++k) {
      const std::int64_t x = a.at(m, k);
      for (int n = 0; n < b.cols(); ++n) y.at(m, n) += x * b.at(k, n);
    }
  }
  return y;
}

}  // namespace cim
