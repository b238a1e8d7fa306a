// SPDX-License-Identifier: Apache-2.0
#include "cim/random_run.h"

#include <chrono>
#include <memory>
#include <stdexcept>

namespace cim {
namespace {

// What the traffic loop counted.
struct Drive {
  std::string failure;
  double seconds = 0.0;
  std::uint64_t end = 0;
};

// Drives the traffic until `spec.count` responses are checked (or a check fails), stopping with
// an error when nothing is answered for a timeout or past the cycle limit.
Drive drive(const RandomRunSpec& spec, Environment& env, RandomTraffic& traffic,
            std::uint64_t load_end) {
  const Params& p = spec.env.setup.params;
  const std::uint64_t max_cycles =
      spec.max_cycles ? spec.max_cycles
                      : 100 * spec.count *
                                (std::uint64_t(p.compute_cycles(p.abits)) *
                                     std::uint64_t(env.backend().phases(spec.env.setup)) +
                                 1) +
                            100000;
  Drive d;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t idle = 0, last_responses = 0;
  try {
    while (env.scoreboard().responses_checked() < spec.count) {
      traffic.cycle();
      const std::uint64_t done = env.scoreboard().responses_checked();
      const std::uint64_t cycle = env.lockstep().cycle();
      if (spec.on_cycle) spec.on_cycle(done, cycle);
      idle = done == last_responses ? idle + 1 : 0;
      last_responses = done;
      if (idle == Driver::kTimeoutCycles) {
        throw std::runtime_error("no response accepted in " + std::to_string(idle) +
                                 " cycles, at cycle " + std::to_string(cycle));
      }
      if (cycle - load_end >= max_cycles) {
        throw std::runtime_error("stopped at --max-cycles " + std::to_string(max_cycles) +
                                 " with " + std::to_string(done) + " of " +
                                 std::to_string(spec.count) + " MVMs done");
      }
    }
  } catch (const CheckFailure& m) {
    d.failure = m.what();
  }
  d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  d.end = env.lockstep().cycle();
  return d;
}

}  // namespace

RandomSummary run_random(const RandomRunSpec& spec) {
  Environment env(spec.env);
  // The modelled energy of the crossbar's work (its weights programmed, its MVMs), on a kind
  // that models one.
  const std::unique_ptr<AnalogEnergyMeter> meter =
      env.backend().kind().make_energy_meter(spec.env.setup);
  if (meter) {
    env.drv().add_observer(
        [&](std::uint64_t, const Inputs& in, const Outputs& out) { meter->observe(in, out); });
  }
  env.load_random_weights();
  const std::uint64_t load_end = env.lockstep().cycle();
  if (spec.on_weights_loaded) spec.on_weights_loaded(env);
  RandomTraffic traffic(env.drv(), env.rng(), spec.mix);
  Drive d = drive(spec, env, traffic, load_end);
  const ErrorStats& acc = env.accuracy();
  // An inexact DUT is measured, and fails past the tolerance the user set.
  if (d.failure.empty() && spec.max_rmse >= 0.0 && acc.outputs() && acc.rmse() > spec.max_rmse) {
    d.failure = "RMSE " + std::to_string(acc.rmse()) + " against mvm() over " +
                std::to_string(acc.outputs()) + " outputs is above --max-rmse " +
                std::to_string(spec.max_rmse) + " (" + env.context() + ")";
  }
  RandomSummary s{d.failure,
                  d.seconds,
                  load_end,
                  d.end,
                  env.scoreboard().responses_checked(),
                  env.scoreboard().errors_checked(),
                  traffic.resets(),
                  env.latency(),
                  acc,
                  {},
                  {},
                  {},
                  {}};
  if (meter) {
    s.modelled = meter->energy();
    s.parts = meter->parts();
  }
  if (spec.pricer) {
    if (const SynthReport* r = spec.pricer->report(env.backend().macro())) {
      // The MVMs' cycles measured, the crossbar's modelled work (weights and MVMs) added.
      s.energy = spec.pricer->price(r->macro, s.mvm_cycles(), s.modelled.value_or(AnalogEnergy{}));
      s.report = *r;
    }
  }
  return s;
}

}  // namespace cim
