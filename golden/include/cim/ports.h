// The port-level view of a CIM macro for one clock cycle, shared by every backend.
//
// Multi-bit buses are held per field (one entry per row or channel) rather than as raw bit
// vectors, so a mismatch names the row or channel. Field values are raw port bits: activations
// and weights as unsigned bit patterns, results sign-extended from OUTW bits.
#pragma once

#include <cstdint>
#include <vector>

#include "cim/params.h"

namespace cim {

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
  std::uint32_t wr_row = 0;
  std::vector<std::uint32_t> wr_data;  // cols entries, WBITS-bit patterns

  bool rd_valid = false;
  std::uint32_t rd_row = 0;

  bool req_valid = false;
  std::vector<std::uint32_t> req_act;  // rows entries, ABITS-bit patterns
  std::uint32_t req_abits = 0;         // raw port value (may be out of range on purpose)
  std::uint32_t req_wbits = 0;
  bool req_asigned = false;
  bool req_wsigned = false;

  bool rsp_ready = true;

  explicit Inputs(const Params& p) : wr_data(p.cols, 0), req_act(p.rows, 0) {}
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
