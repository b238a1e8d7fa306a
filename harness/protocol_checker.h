// SPDX-License-Identifier: Apache-2.0
// ProtocolChecker: the handshake rules a macro promises, checked every cycle whatever the
// backend: a response is held, unchanged, until it is accepted; read data strobes last one cycle
// and never come without a read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cim/ports.h"
#include "mismatch.h"

namespace cim {

class ProtocolChecker {
 public:
  explicit ProtocolChecker(std::string context) : context_(std::move(context)) {}

  void observe(std::uint64_t cycle, const Inputs& in, const Outputs& out) {
    if (!in.rst_n) {
      held_.reset();
      reads_pending_ = 0;
      return;
    }
    if (held_) {
      if (!out.rsp_valid) throw Mismatch(cycle, "rsp_valid_o (held response)", "1", "0", context_);
      if (out.rsp_err != held_->rsp_err || out.rsp_data != held_->rsp_data) {
        throw Mismatch(cycle, "rsp_data_o/rsp_err_o (held response)", "unchanged", "changed",
                       context_);
      }
    }
    if (out.rsp_valid && !in.rsp_ready) {
      held_ = out;
    } else {
      held_.reset();
    }
    if (out.rd_data_valid && reads_pending_ == 0) {
      throw Mismatch(cycle, "rd_data_valid_o", "0 (no read issued)", "1", context_);
    }
    if (out.rd_data_valid) --reads_pending_;
    if (in.rd_valid && out.rd_ready) ++reads_pending_;
  }

 private:
  std::string context_;
  std::optional<Outputs> held_;
  int reads_pending_ = 0;
};

}  // namespace cim
