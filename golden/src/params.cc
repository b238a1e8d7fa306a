// SPDX-License-Identifier: Apache-2.0
#include "cim/params.h"

#include <iterator>
#include <stdexcept>

#include "cim/limits.h"

namespace cim {

// The record's clog2 (cim/limits.h), for the sizes the macros hold (far below 2^62).
int Params::clog2(std::uint64_t n) { return records::clog2(static_cast<long long>(n)); }

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

void check_rules(unsigned macro, const std::vector<ParamValue>& values) {
  // Every parameter's value in limits::kAll's order, the ones `values` lacks at their defaults.
  constexpr std::size_t kCount = std::size(limits::kAll);
  int v[kCount];
  const auto at = [](const ParamInfo* info) {
    std::size_t i = 0;
    while (i < kCount && std::string(limits::kAll[i].name) != info->name) ++i;
    return i;
  };
  for (std::size_t i = 0; i < kCount; ++i) v[i] = limits::kAll[i].def;
  for (const ParamValue& pv : values) v[at(pv.info)] = pv.value;
  for (const ParamRule& rule : limits::kRules) {
    if (!(rule.takers & macro)) continue;
    std::string shown;
    bool in_range = true;
    for (const ParamInfo* const* read = rule.reads; *read; ++read) {
      in_range = in_range && (*read)->contains(v[at(*read)]);
      if (*read != rule.param && !rule.bound) {
        shown += (shown.empty() ? ", with " : " ") + std::string((*read)->name) + "=" +
                 std::to_string(v[at(*read)]);
      }
    }
    if (!in_range || rule.holds(v)) continue;
    if (rule.bound) shown = " = " + std::to_string(rule.bound(v));
    throw std::invalid_argument("parameter " + std::string(rule.param->name) + "=" +
                                std::to_string(v[at(rule.param)]) + " is out of range (" +
                                rule.says + shown + ")");
  }
}

void Params::validate() const {
  for (const ParamValue& v : values()) check_range(*v.info, v.value);
  check_rules(kParamOfDigital, values());
}

int Params::outw() const { return records::out_w(rows, wbits, abits); }

int Params::row_addr_bits() const { return records::vbits(rows); }

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
