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

void check_range(const ParamInfo& r, long long v) {
  if (!r.contains(v)) {
    throw std::invalid_argument("parameter " + std::string(r.name) + "=" + std::to_string(v) +
                                " is out of range (" + std::to_string(r.lo) + ".." +
                                std::to_string(r.hi) + ")");
  }
}

std::string assignments(const std::vector<ParamValue>& values) {
  std::string s;
  for (const ParamValue& v : values) {
    if (!s.empty()) s += ' ';
    s += std::string(v.info->name) + "=" + std::to_string(v.value);
  }
  return s;
}

std::vector<ParamValue> Params::values() const {
  return {
#define CIM_FIELD(constant, field) {&limits::constant, field},
      CIM_PARAM_FIELDS(CIM_FIELD)
#undef CIM_FIELD
  };
}

void Params::validate() const {
  // ABITS_PER_CYCLE's range is its rule's: checked below, once ABITS is known to be in range.
  for (const ParamValue& v : values()) {
    if (v.info != &limits::kAbitsPerCycle) check_range(*v.info, v.value);
  }
  const int apc = abits_per_cycle;
  if (apc < 1 || apc > abits || (apc & (apc - 1)) != 0) {
    throw std::invalid_argument(
        "parameter ABITS_PER_CYCLE=" + std::to_string(apc) +
        " is out of range (a power of two, 1..ABITS=" + std::to_string(abits) + ")");
  }
  if ((wsets & (wsets - 1)) != 0) {  // every value of the set ports names a set
    throw std::invalid_argument("parameter WSETS=" + std::to_string(wsets) +
                                " is out of range (a power of two: 1, 2 or 4)");
  }
}

int Params::outw() const { return abits + wbits + clog2(rows) + 1; }

int Params::row_addr_bits() const { return rows > 1 ? clog2(rows) : 1; }

std::string config_name(const std::vector<ParamValue>& values) {
  std::string name;
  for (const ParamValue& v : values) {
    if (!v.info->tag_always && v.value == v.info->def) continue;
    if (!name.empty()) name += '_';
    name += std::string(v.info->tag) + std::to_string(v.value);
  }
  return name;
}

std::string Params::name() const { return config_name(values()); }

std::string Params::shape() const {
  return std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(wbits) + "x" +
         std::to_string(abits) +
         (abits_per_cycle == 1 ? "" : std::string("x") + std::to_string(abits_per_cycle));
}

}  // namespace cim
