// SPDX-License-Identifier: Apache-2.0
// ReadyCheck: a Macro around a DUT that checks, every cycle a valid is high, that the DUT's ready
// outputs are what they would be with every valid low: ready never depends on valid (the ports'
// rule that lets a source wait for ready before raising valid without a deadlock). It settles
// the DUT twice, with the valids low and then as driven, before the clock edge. Used when a DUT
// is checked by transaction; a cycle-exact check compares every ready with the golden model's.
#pragma once

#include <memory>
#include <string>

#include "cim/macro.h"
#include "mismatch.h"

namespace cim {

class ReadyCheck final : public Macro {
 public:
  ReadyCheck(std::unique_ptr<Macro> dut, std::string context)
      : dut_(std::move(dut)), context_(std::move(context)), quiet_out_(dut_->params()) {}

  const Params& params() const override { return dut_->params(); }
  std::uint64_t cycle() const override { return dut_->cycle(); }
  void tick() override { dut_->tick(); }

  void eval(const Inputs& in, Outputs& out) override {
    const bool any_valid = in.wr_valid || in.rd_valid || in.req_valid;
    if (any_valid && in.rst_n) {
      Inputs quiet = in;
      quiet.wr_valid = quiet.rd_valid = quiet.req_valid = false;
      dut_->eval(quiet, quiet_out_);
    }
    dut_->eval(in, out);
    if (!any_valid || !in.rst_n) return;
    check("wr_ready_o", "wr_valid_i", quiet_out_.wr_ready, out.wr_ready);
    check("rd_ready_o", "rd_valid_i", quiet_out_.rd_ready, out.rd_ready);
    check("req_ready_o", "req_valid_i", quiet_out_.req_ready, out.req_ready);
  }

 private:
  void check(const char* ready, const char* valid, bool quiet, bool got) const {
    if (quiet == got) return;
    throw Mismatch(dut_->cycle(), ready,
                   std::to_string(quiet) + " (its value with " + valid +
                       " low: ready must not "
                       "depend on valid)",
                   std::to_string(got), context_);
  }

  std::unique_ptr<Macro> dut_;
  std::string context_;
  Outputs quiet_out_;
};

}  // namespace cim
