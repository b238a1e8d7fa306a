// SPDX-License-Identifier: Apache-2.0
// Parameters of a CIM macro instance, mirroring the RTL parameters of cim_macro.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cim/limits.h"

namespace cim {

// Throws std::invalid_argument "parameter NAME=v is out of range (lo..hi)" unless r contains v.
void check_range(const ParamInfo& r, long long v);

// A parameter and its value in one configuration.
struct ParamValue {
  const ParamInfo* info;
  int value;
};
// Throws std::invalid_argument naming the parameter when a rule between parameters (limits::kRules)
// of a macro of `macro` (ParamTakers) fails; a rule is checked once every parameter it reads is in
// range. `values` need not hold every parameter: the others stand at their defaults.
void check_rules(unsigned macro, const std::vector<ParamValue>& values);
// "ROWS=64 COLS=16 ...": the parameters as NAME=VALUE, in the record's order.
std::string assignments(const std::vector<ParamValue>& values);
// "r64_c16_w8_a8_p2": each parameter's tag and value, a tag that is not always named
// (the record's tag_always) only when its value is not the default.
std::string config_name(const std::vector<ParamValue>& values);

// The parameters of cim_macro, those cim_analog_macro shares with it included: one field per line
// of the record (rtl/cim_records.jsonc) that digital takes (rows, cols, wbits, abits,
// abits_per_cycle, ...), with its default. The meaning of each is in that file and docs/macro.md.
struct Params {
#define CIM_FIELD(constant, field) int field = limits::constant.def;
  CIM_PARAM_FIELDS(CIM_FIELD)
#undef CIM_FIELD

  // Throws std::invalid_argument naming the parameter when it is out of the RTL's range
  // (the record's ranges and rules).
  void validate() const;
  // Every field with its parameter, in the record's order.
  std::vector<ParamValue> values() const;

  int outw() const;  // ABITS + WBITS + clog2(ROWS) + 1
  // Array cycles a request of `req_abits` activation bits occupies: ceil(req_abits /
  // ABITS_PER_CYCLE).
  int compute_cycles(int req_abits) const {
    return (req_abits + abits_per_cycle - 1) / abits_per_cycle;
  }
  int row_addr_bits() const;                               // max(1, clog2(ROWS))
  int wset_bits() const { return records::vbits(wsets); }  // the set ports
  int abits_port_bits() const { return records::count_w(abits); }
  int wbits_port_bits() const { return records::count_w(wbits); }
  std::string name() const;   // config_name(values()): "r64_c16_w8_a8", "r64_c16_w8_a8_p2"
  std::string shape() const;  // e.g. "64x16x8x8", "64x16x8x8x2" (cimsim --macro, make synth)

  static int clog2(std::uint64_t n);

  friend bool operator==(const Params&, const Params&) = default;
};

}  // namespace cim
