#include "cim/params.h"

#include <stdexcept>

namespace cim {

int Params::clog2(std::uint64_t n) {
  int bits = 0;
  while ((std::uint64_t{1} << bits) < n) ++bits;
  return bits;
}

void Params::validate() const {
  auto fail = [](const std::string& what) { throw std::invalid_argument("parameter " + what); };
  if (rows < 2) fail("ROWS=" + std::to_string(rows) + " is out of range (must be >= 2)");
  if (cols < 1) fail("COLS=" + std::to_string(cols) + " is out of range (must be >= 1)");
  if (wbits < 1 || wbits > 16) fail("WBITS=" + std::to_string(wbits) + " is out of range (1..16)");
  if (abits < 1 || abits > 16) fail("ABITS=" + std::to_string(abits) + " is out of range (1..16)");
}

int Params::outw() const { return abits + wbits + clog2(rows) + 1; }

int Params::row_addr_bits() const { return rows > 1 ? clog2(rows) : 1; }

std::string Params::name() const {
  return "r" + std::to_string(rows) + "_c" + std::to_string(cols) + "_w" + std::to_string(wbits) +
         "_a" + std::to_string(abits);
}

}  // namespace cim
