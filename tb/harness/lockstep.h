// Lockstep: runs a DUT and its golden cycle model (digital or analog array) on the same inputs
// and compares every output port every cycle. It is itself a Macro, so whatever drives a macro can drive a checked one.
//
// It records the inputs of every cycle; on a mismatch it replays them into a fresh, tracing DUT
// (built by the replay factory) so the failing run leaves an FST waveform behind, then throws.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cim/cycle_model.h"
#include "cim/macro.h"
#include "mismatch.h"

namespace cim {

class Lockstep final : public Macro {
 public:
  // Builds a DUT that traces to the given FST path; empty when no waveform can be made.
  using ReplayFactory = std::function<std::unique_ptr<Macro>(const std::string& fst_path)>;

  Lockstep(std::unique_ptr<Macro> dut, std::unique_ptr<CycleModel> golden, std::string context,
           ReplayFactory replay = {}, std::string wave_path = {});

  const Params& params() const override { return dut_->params(); }
  void eval(const Inputs& in, Outputs& out) override;
  void tick() override;
  std::uint64_t cycle() const override { return dut_->cycle(); }

  CycleModel& golden() { return *golden_; }
  // Responses taken (rsp_valid_o && rsp_ready_i) and found equal so far, and how many of them
  // were error responses.
  std::uint64_t responses() const { return responses_; }
  std::uint64_t error_responses() const { return error_responses_; }

 private:
  [[noreturn]] void fail(const std::string& port, const std::string& expected,
                         const std::string& got);
  void compare(const Outputs& want, const Outputs& got);
  std::string replay_to_wave();

  std::unique_ptr<Macro> dut_;
  std::unique_ptr<CycleModel> golden_;
  std::string context_;
  ReplayFactory replay_;
  std::string wave_path_;
  Outputs want_;
  std::vector<Inputs> history_;
  std::uint64_t responses_ = 0, error_responses_ = 0;
};

}  // namespace cim
