// SPDX-License-Identifier: Apache-2.0
// Environment: the verification environment around one backend, gtest-free, shared by every test
// and by cimsim. Checked cycle-exact, the backend runs in lockstep with its golden cycle model
// (every port, every cycle); checked by transaction (a DUT whose timing is its own), the ready
// outputs must not depend on the valids and the latency monitor bounds every response. Either
// way the monitor feeds the scoreboard (every response against mvm(), every read against the
// shadow weights; an inexact analog macro's results are measured instead) and the protocol
// checker watches the handshakes. A mismatch anywhere leaves a waveform (the failing run
// replayed with tracing on) and names the seed and the way to reproduce it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "backend.h"
#include "driver.h"
#include "error_stats.h"
#include "latency.h"
#include "lockstep.h"
#include "protocol_checker.h"
#include "scoreboard.h"
#include "stimulus.h"

namespace cim {

struct EnvironmentOptions {
  std::string backend = "digital";  // a name from backends()
  MacroSetup setup;
  std::uint64_t seed = 1;
  ModelOptions model;     // the backend's own: a waveform of the whole run, x-unique, ...
  std::string wave_path;  // where a mismatch's replayed waveform goes (Verilated backends)
  std::string
      reproduce;  // how to rerun it ("CIM_SEED=7 ...", "cimsim ... --seed 7"), quoted in failures
  std::optional<CheckMode> check;  // how to check it; empty: the check the backend claims
  // Checked by transaction: a response within this many cycles with the response port free
  // (LatencyMonitor); 0: default_max_latency().
  std::uint64_t max_latency = 0;
};

// The latency bound when none is given: 8 times the reference macro's for its widest request.
std::uint64_t default_max_latency(const Backend& b, const MacroSetup& s);

class Environment {
 public:
  // Builds the checked backend and resets it. Throws std::invalid_argument on a bad setup.
  explicit Environment(const EnvironmentOptions& opt);

  const Params& params() const { return opt_.setup.params; }
  const MacroSetup& setup() const { return opt_.setup; }
  const Backend& backend() const { return backend_; }
  std::uint64_t seed() const { return opt_.seed; }
  const std::string& context() const { return context_; }
  CheckMode check() const { return check_; }
  // Latency and throughput as the ports saw them (bounded when checking by transaction).
  const LatencyMonitor& latency() const { return latency_; }
  std::mt19937_64& rng() { return rng_; }
  RandomStimulus& stimulus() { return stimulus_; }
  Driver& drv() { return drv_; }
  Lockstep& lockstep() { return *lockstep_; }
  Scoreboard& scoreboard() { return sb_; }
  const Scoreboard& scoreboard() const { return sb_; }
  // Whether the scoreboard compares results with mvm() (else it measures them into accuracy()).
  bool checks_mvm() const { return checks_mvm_; }
  // Every computed result against mvm(): RMSE, largest error, SNR.
  const ErrorStats& accuracy() const { return accuracy_; }

  // A random matrix of the full stored width written through the write port into every weight
  // set (each its own); returns set 0's, the one a Request computes with by default.
  WeightMatrix load_random_weights();

 private:
  EnvironmentOptions opt_;
  const Backend& backend_;
  CheckMode check_;
  std::string context_;
  std::mt19937_64 rng_;
  RandomStimulus stimulus_;
  std::unique_ptr<Lockstep> lockstep_;
  bool checks_mvm_;
  ErrorStats accuracy_;
  Scoreboard sb_;
  Monitor mon_;
  ProtocolChecker protocol_;
  LatencyMonitor latency_;
  Driver drv_;
};

}  // namespace cim
