// SPDX-License-Identifier: Apache-2.0
// Parameters of a CIM macro instance, mirroring the RTL parameters of cim_macro.
#pragma once

#include <cstdint>
#include <string>

#include "cim/limits.h"

namespace cim {

// Throws std::invalid_argument "parameter NAME=v is out of range (lo..hi)" unless r contains v.
void check_range(const ParamRange& r, long long v);

struct Params {
  int rows = 64;   // wordlines = input vector length
  int cols = 16;   // output channels
  int wbits = 8;   // stored weight bits per channel
  int abits = 8;   // activation bits
  int abits_per_cycle = 1;  // activation bits broadcast per array cycle (1 = fully bit-serial)

  // Throws std::invalid_argument naming the parameter when it is out of the RTL's range
  // (rtl/cim_limits.svh and the rules between parameters).
  void validate() const;

  int outw() const;          // ABITS + WBITS + clog2(ROWS) + 1
  // Array cycles a request of `req_abits` activation bits occupies: ceil(req_abits / ABITS_PER_CYCLE).
  int compute_cycles(int req_abits) const {
    return (req_abits + abits_per_cycle - 1) / abits_per_cycle;
  }
  int row_addr_bits() const; // max(1, clog2(ROWS))
  int abits_port_bits() const { return clog2(abits + 1); }
  int wbits_port_bits() const { return clog2(wbits + 1); }
  std::string name() const;  // e.g. "r64_c16_w8_a8", "r64_c16_w8_a8_p2" (ABITS_PER_CYCLE 2)
  std::string shape() const; // e.g. "64x16x8x8", "64x16x8x8x2" (cimsim --macro, make synth)

  static int clog2(std::uint64_t n);

  friend bool operator==(const Params&, const Params&) = default;
};

}  // namespace cim
