// SPDX-License-Identifier: Apache-2.0
// Lockstep: runs a DUT and its golden cycle model (digital or analog array) on the same inputs
// and compares every output port every cycle. It is itself a Macro, so whatever drives a macro
// can drive a checked one. Without a golden model (a DUT checked by transaction) it compares
// nothing itself and keeps the record, so the checks on the transactions leave a waveform too.
//
// It records the inputs of every cycle (each change, up to kReplayEntries of them); on a mismatch
// or an assertion the DUT's RTL fails, it replays them into a fresh, tracing DUT (built by the
// replay factory) so the failing run leaves an FST waveform behind, then throws. A run too long to
// record says so in the message instead: it reproduces from its seed, with a trace window around
// the cycle.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cim/cycle_model.h"
#include "cim/macro.h"
#include "mismatch.h"

namespace cim {

class Lockstep final : public Macro {
 public:
  // Input changes recorded for a replay (each up to a few hundred bytes): beyond them, none.
  static constexpr std::size_t kReplayEntries = 200000;

  // Builds a DUT that traces to the given FST path; empty when no waveform can be made.
  using ReplayFactory = std::function<std::unique_ptr<Macro>(const std::string& fst_path)>;

  Lockstep(std::unique_ptr<Macro> dut, std::unique_ptr<CycleModel> golden, std::string context,
           ReplayFactory replay = {}, std::string wave_path = {});

  const Params& params() const override { return dut_->params(); }
  void eval(const Inputs& in, Outputs& out) override;
  void tick() override;
  std::uint64_t cycle() const override { return dut_->cycle(); }

  // The golden model it compares with; null when checking by transaction.
  CycleModel* golden() { return golden_.get(); }
  // Responses taken (rsp_valid_o && rsp_ready_i) and found equal so far, and how many of them
  // were error responses.
  std::uint64_t responses() const { return responses_; }
  std::uint64_t error_responses() const { return error_responses_; }

  // A difference another check found this cycle (the scoreboard, the protocol): thrown again
  // with the waveform of the run so far.
  [[noreturn]] void fail(const Mismatch& found);

 private:
  [[noreturn]] void fail(const std::string& port, const std::string& expected,
                         const std::string& got);
  [[noreturn]] void fail(const AssertionFailure& failure);
  void compare(const Outputs& want, const Outputs& got);
  std::string replay_to_wave();

  std::unique_ptr<Macro> dut_;
  std::unique_ptr<CycleModel> golden_;
  std::string context_;
  ReplayFactory replay_;
  std::string wave_path_;
  Outputs want_;
  // (first cycle, inputs) at every change of the inputs.
  std::vector<std::pair<std::uint64_t, Inputs>> history_;
  bool history_complete_ = true;
  std::uint64_t responses_ = 0, error_responses_ = 0;
};

}  // namespace cim
