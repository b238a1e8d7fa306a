// SPDX-License-Identifier: Apache-2.0
// Monitor and scoreboard: the monitor turns port activity into transactions (writes, reads,
// requests, responses); the scoreboard predicts each one from a shadow copy of the weights and the
// exact integer reference mvm(), independently of the cycle model.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "cim/mvm.h"
#include "cim/ports.h"
#include "error_stats.h"

namespace cim {

class Scoreboard {
 public:
  // Which in-range precisions the macro computes; others answer err (the analog macro with
  // multi-bit cells computes only wbits = WBITS).
  using Supports = std::function<bool(const Precision&)>;

  Scoreboard(const Params& p, std::string context, Supports supports = {});

  void on_reset();
  void on_write(int wset, int row, const std::vector<std::uint32_t>& data);
  void on_read_issued(int wset, int row);
  void on_read_data(std::uint64_t cycle, const std::vector<std::uint32_t>& data);
  void on_request(const Request& req);
  void on_response(std::uint64_t cycle, const Response& rsp);

  // Every computed result's difference from mvm() goes into `stats` as well.
  void record(ErrorStats* stats) { stats_ = stats; }
  // Off: results and read data are measured, not compared (error flags must still match). For a
  // non-ideal analog macro, whose cycle-exact check is the lockstep against its golden model.
  void check_results(bool on) { check_results_ = on; }

  // What weight set `wset` holds.
  const WeightMatrix& shadow(int wset = 0) const { return shadows_[std::size_t(wset)]; }
  const Params& params() const { return p_; }
  std::uint64_t responses_checked() const { return responses_checked_; }
  std::uint64_t errors_checked() const { return errors_checked_; }
  std::uint64_t reads_checked() const { return reads_checked_; }

 private:
  Params p_;
  std::string context_;
  Supports supports_;
  std::vector<WeightMatrix> shadows_;  // one per weight set
  std::deque<Response> expected_rsp_;
  std::deque<std::vector<std::uint32_t>> expected_rd_;
  std::uint64_t responses_checked_ = 0, errors_checked_ = 0, reads_checked_ = 0;
  ErrorStats* stats_ = nullptr;
  bool check_results_ = true;
};

class Monitor {
 public:
  explicit Monitor(Scoreboard& sb) : sb_(sb) {}

  // Call once per cycle with the inputs driven and the outputs settled before the clock edge.
  void observe(std::uint64_t cycle, const Inputs& in, const Outputs& out);

 private:
  Scoreboard& sb_;
};

}  // namespace cim
