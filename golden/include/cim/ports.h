// SPDX-License-Identifier: Apache-2.0
// The port-level view of a CIM macro for one clock cycle, shared by every backend.
//
// Multi-bit buses are held per field (one entry per row or channel) rather than as raw bit
// vectors, so a mismatch names the row or channel. Field values are raw port bits: activations
// and weights as unsigned bit patterns, results sign-extended from OUTW bits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cim/params.h"

// The port list, CIM_INPUT_PORTS and CIM_OUTPUT_PORTS: X(port, member, fields, bits, what,
// is_signed) per port but the clock, and Inputs and Outputs, a member per port: generated from the
// record (rtl/cim_records.jsonc).
#include "cim/port_list.h"

namespace cim {

// One value of a port member: the member itself for a plain port, element i of a bus.
namespace port {
template <class T>
T field(const T& v, int) {
  return v;
}
template <class T>
T field(const std::vector<T>& v, int i) {
  return v[std::size_t(i)];
}
template <class T>
void set_field(T& v, int, std::uint64_t x) {
  v = T(x);
}
template <class T>
void set_field(std::vector<T>& v, int i, std::uint64_t x) {
  v[std::size_t(i)] = T(x);
}
// A `width`-bit two's complement pattern as a signed value.
inline std::int64_t sign_extend(std::uint64_t v, int width) {
  if (width < 64 && ((v >> (width - 1)) & 1)) v |= ~((1ull << width) - 1);
  return std::int64_t(v);
}
// "rsp_data_o[channel 3]", "rst_ni".
inline std::string field_name(const char* port, const char* field, int i) {
  return *field ? std::string(port) + "[" + field + " " + std::to_string(i) + "]" : port;
}
}  // namespace port

struct Precision {
  int abits = 8;
  int wbits = 8;
  bool asigned = false;
  bool wsigned = false;

  friend bool operator==(const Precision&, const Precision&) = default;
};

}  // namespace cim
