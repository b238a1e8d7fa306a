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

// The macro's ports but clk_i, in the RTL's order: the one C++ list of them. Each entry is
//   X(port, member, fields, bits, what, is_signed)
// port: the RTL name; member: the Inputs / Outputs member holding it; fields: how many values the
// port carries and bits: the width of each (expressions of `p`, the Params); what: what one
// value is ("row", "channel"; "" for a plain port); is_signed: values are sign-extended. The
// Verilated adapter packs and unpacks ports from it, the lockstep compares and names them from
// it, and the activity counter walks it; the SystemVerilog side has rtl/cim_macro_ports.svh.
#define CIM_INPUT_PORTS(X)                                     \
  X(rst_ni, rst_n, 1, 1, "", false)                            \
  X(wr_valid_i, wr_valid, 1, 1, "", false)                     \
  X(wr_wset_i, wr_wset, 1, p.wset_bits(), "", false)           \
  X(wr_row_i, wr_row, 1, p.row_addr_bits(), "", false)         \
  X(wr_data_i, wr_data, p.cols, p.wbits, "channel", false)     \
  X(rd_valid_i, rd_valid, 1, 1, "", false)                     \
  X(rd_wset_i, rd_wset, 1, p.wset_bits(), "", false)           \
  X(rd_row_i, rd_row, 1, p.row_addr_bits(), "", false)         \
  X(req_valid_i, req_valid, 1, 1, "", false)                   \
  X(req_act_i, req_act, p.rows, p.abits, "row", false)         \
  X(req_abits_i, req_abits, 1, p.abits_port_bits(), "", false) \
  X(req_wbits_i, req_wbits, 1, p.wbits_port_bits(), "", false) \
  X(req_asigned_i, req_asigned, 1, 1, "", false)               \
  X(req_wsigned_i, req_wsigned, 1, 1, "", false)               \
  X(req_wset_i, req_wset, 1, p.wset_bits(), "", false)         \
  X(rsp_ready_i, rsp_ready, 1, 1, "", false)

#define CIM_OUTPUT_PORTS(X)                                  \
  X(wr_ready_o, wr_ready, 1, 1, "", false)                   \
  X(rd_ready_o, rd_ready, 1, 1, "", false)                   \
  X(rd_data_o, rd_data, p.cols, p.wbits, "channel", false)   \
  X(rd_data_valid_o, rd_data_valid, 1, 1, "", false)         \
  X(req_ready_o, req_ready, 1, 1, "", false)                 \
  X(rsp_valid_o, rsp_valid, 1, 1, "", false)                 \
  X(rsp_data_o, rsp_data, p.cols, p.outw(), "channel", true) \
  X(rsp_err_o, rsp_err, 1, 1, "", false)

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

struct Inputs {
  bool rst_n = true;

  bool wr_valid = false;
  std::uint32_t wr_wset = 0;  // weight set (raw port value; ignored with one set)
  std::uint32_t wr_row = 0;
  std::vector<std::uint32_t> wr_data;  // cols entries, WBITS-bit patterns

  bool rd_valid = false;
  std::uint32_t rd_wset = 0;
  std::uint32_t rd_row = 0;

  bool req_valid = false;
  std::vector<std::uint32_t> req_act;  // rows entries, ABITS-bit patterns
  std::uint32_t req_abits = 0;         // raw port value (may be out of range on purpose)
  std::uint32_t req_wbits = 0;
  bool req_asigned = false;
  bool req_wsigned = false;
  std::uint32_t req_wset = 0;

  bool rsp_ready = true;

  explicit Inputs(const Params& p) : wr_data(p.cols, 0), req_act(p.rows, 0) {}

  friend bool operator==(const Inputs&, const Inputs&) = default;
};

struct Outputs {
  bool wr_ready = false;
  bool rd_ready = false;
  std::vector<std::uint32_t> rd_data;  // cols entries
  bool rd_data_valid = false;
  bool req_ready = false;
  bool rsp_valid = false;
  std::vector<std::int64_t> rsp_data;  // cols entries, sign-extended from OUTW bits
  bool rsp_err = false;

  explicit Outputs(const Params& p) : rd_data(p.cols, 0), rsp_data(p.cols, 0) {}

  friend bool operator==(const Outputs&, const Outputs&) = default;
};

}  // namespace cim
