// SPDX-License-Identifier: Apache-2.0
#include "cim/params.h"

#include <stdexcept>

#include "cim/limits.h"

namespace cim {

int Params::clog2(std::uint64_t n) {
  int bits = 0;
  while ((std::uint64_t{1} << bits) < n) ++bits;
  return bits;
}

void check_range(const ParamRange& r, long long v) {
  if (!r.contains(v)) {
    throw std::invalid_argument("parameter " + std::string(r.name) + "=" + std::to_string(v) +
                                " is out of range (" + std::to_string(r.lo) + ".." +
                                std::to_string(r.hi) + ")");
  }
}

void Params::validate() const {
  check_range(limits::kRows, rows);
  check_range(limits::kCols, cols);
  check_range(limits::kWbits, wbits);
  check_range(limits::kAbits, abits);
  const int apc = abits_per_cycle;
  if (apc < 1 || apc > abits || (apc & (apc - 1)) != 0) {
    throw std::invalid_argument("parameter ABITS_PER_CYCLE=" + std::to_string(apc) +
                                " is out of range (a power of two, 1..ABITS=" +
                                std::to_string(abits) + ")");
  }
}

int Params::outw() const { return abits + wbits + clog2(rows) + 1; }

int Params::row_addr_bits() const { return rows > 1 ? clog2(rows) : 1; }

std::string Params::name() const {
  return std::string("r") + std::to_string(rows) + "_c" + std::to_string(cols) + "_w" + std::to_string(wbits) +
         "_a" + std::to_string(abits) +
         (abits_per_cycle == 1 ? "" : std::string("_p") + std::to_string(abits_per_cycle));
}

std::string Params::shape() const {
  return std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(wbits) + "x" +
         std::to_string(abits) + (abits_per_cycle == 1 ? "" : std::string("x") + std::to_string(abits_per_cycle));
}

}  // namespace cim
