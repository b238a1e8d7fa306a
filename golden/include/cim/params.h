// Parameters of a CIM macro instance, mirroring the RTL parameters of cim_macro.
#pragma once

#include <cstdint>
#include <string>

namespace cim {

struct Params {
  int rows = 64;   // wordlines = input vector length
  int cols = 16;   // output channels
  int wbits = 8;   // stored weight bits per channel
  int abits = 8;   // activation bits

  // Throws std::invalid_argument naming the parameter when it is out of the RTL's range.
  void validate() const;

  int outw() const;          // ABITS + WBITS + clog2(ROWS) + 1
  int row_addr_bits() const; // max(1, clog2(ROWS))
  int abits_port_bits() const { return clog2(abits + 1); }
  int wbits_port_bits() const { return clog2(wbits + 1); }
  std::string name() const;  // e.g. "r64_c16_w8_a8"

  static int clog2(std::uint64_t n);

  friend bool operator==(const Params&, const Params&) = default;
};

}  // namespace cim
