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
  const int apc = abits_per_cycle;
  if (apc < 1 || apc > abits || (apc & (apc - 1)) != 0) {
    fail("ABITS_PER_CYCLE=" + std::to_string(apc) +
         " is out of range (a power of two, 1..ABITS=" + std::to_string(abits) + ")");
  }
}

int Params::outw() const { return abits + wbits + clog2(rows) + 1; }

int Params::row_addr_bits() const { return rows > 1 ? clog2(rows) : 1; }

std::string Params::name() const {
  return "r" + std::to_string(rows) + "_c" + std::to_string(cols) + "_w" + std::to_string(wbits) +
         "_a" + std::to_string(abits) +
         (abits_per_cycle == 1 ? "" : "_p" + std::to_string(abits_per_cycle));
}

std::string Params::shape() const {
  return std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(wbits) + "x" +
         std::to_string(abits) + (abits_per_cycle == 1 ? "" : "x" + std::to_string(abits_per_cycle));
}

}  // namespace cim
