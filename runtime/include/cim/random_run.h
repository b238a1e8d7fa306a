// SPDX-License-Identifier: Apache-2.0
// A checked run of random traffic (what cimsim random runs), below the command line: random
// weights loaded, then requests, writes, reads and resets (harness/traffic.h) through a checked
// environment until enough responses are checked or a check fails, and the run's summary: its
// cycles, latency, accuracy and energy, priced in cim/energy.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cim/analog_cost.h"
#include "cim/energy.h"
#include "environment.h"
#include "traffic.h"

namespace cim {

struct RandomRunSpec {
  EnvironmentOptions env;
  TrafficMix mix;
  std::uint64_t count = 1;       // responses to check
  std::uint64_t max_cycles = 0;  // of MVMs, then stop with an error; 0: 100 times their need
  double max_rmse = -1.0;        // an inexact DUT fails past it; below 0: not bounded
  const EnergyPricer* pricer = nullptr;  // prices the MVMs' cycles; none: not priced
  // Called once the weights are in, before the traffic: observers of the MVMs go on here.
  std::function<void(Environment&)> on_weights_loaded;
  // Called every cycle with the responses checked so far and the cycle.
  std::function<void(std::uint64_t, std::uint64_t)> on_cycle;
};

// What a run measured.
struct RandomSummary {
  std::string failure;  // empty: every check held
  double seconds = 0.0;
  std::uint64_t load_end = 0, end = 0;  // cycles: weights loaded, last
  std::uint64_t responses = 0, errors = 0, resets = 0;
  LatencyMonitor latency;
  ErrorStats accuracy;                   // every computed result against mvm()
  std::optional<AnalogEnergy> modelled;  // the crossbar's work (a kind with a meter)
  std::optional<AnalogPartCosts> parts;  // the parts it was priced with
  // With a report of its kind: the MVMs' cycles measured, the crossbar's work modelled (as
  // `modelled`), for the whole run; and the report.
  std::optional<PricedEnergy> energy;
  std::optional<SynthReport> report;

  std::uint64_t mvm_cycles() const { return end - load_end; }
  std::uint64_t computed() const { return responses - errors; }
};

// Runs it. Throws std::runtime_error when nothing is answered for Driver::kTimeoutCycles or past
// the cycle limit; a failed check is the summary's `failure`, not an exception.
RandomSummary run_random(const RandomRunSpec& spec);

}  // namespace cim
