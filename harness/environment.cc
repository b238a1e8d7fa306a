// SPDX-License-Identifier: Apache-2.0
#include "environment.h"

#include "ready_check.h"

namespace cim {
namespace {

std::string make_context(const EnvironmentOptions& opt, const Backend& b, CheckMode check) {
  std::string c = "seed " + std::to_string(opt.seed);
  if (!opt.reproduce.empty()) c += ", reproduce with " + opt.reproduce;
  c += ", " + b.name() + " macro " + b.config_name(opt.setup);
  if (check != b.claimed_check() || check == CheckMode::kTransaction) {
    c += std::string(", checked ") +
         (check == CheckMode::kTransaction ? "by transaction" : "cycle-exact");
  }
  if (check == CheckMode::kCycleExact && b.claimed_check() == CheckMode::kTransaction) {
    c += " against the reference macro's timing, which " + b.name() +
         " does not claim (check it by transaction: --check transaction)";
  }
  return c;
}

std::unique_ptr<Lockstep> make_lockstep(const EnvironmentOptions& opt, const Backend& b,
                                        CheckMode check, const std::string& context) {
  ModelOptions model = opt.model;
  if (model.seed == 0) model.seed = opt.seed;
  Lockstep::ReplayFactory replay;
  if (b.verilated() && !opt.wave_path.empty()) {
    replay = [&b, setup = opt.setup, model](const std::string& fst) {
      ModelOptions o = model;
      o.trace_path = fst;
      o.trace_from = 0;
      o.trace_cycles = 0;
      return b.make(setup, o);
    };
  }
  if (check == CheckMode::kTransaction) {
    return std::make_unique<Lockstep>(
        std::make_unique<ReadyCheck>(b.make(opt.setup, model), context), nullptr, context, replay,
        opt.wave_path);
  }
  return std::make_unique<Lockstep>(b.make(opt.setup, model), b.make_golden(opt.setup), context,
                                    replay, opt.wave_path);
}

std::uint64_t max_latency(const EnvironmentOptions& opt, const Backend& b, CheckMode check) {
  if (check != CheckMode::kTransaction) return 0;  // the lockstep checks every cycle
  return opt.max_latency ? opt.max_latency : default_max_latency(b, opt.setup);
}

}  // namespace

std::uint64_t default_max_latency(const Backend& b, const MacroSetup& s) {
  return 8 * std::uint64_t(b.response_latency(s, s.params.abits));
}

Environment::Environment(const EnvironmentOptions& opt)
    : opt_(opt),
      backend_(find_backend(opt.backend)),
      check_(opt.check.value_or(backend_.claimed_check())),
      context_(make_context(opt_, backend_, check_)),
      rng_(opt.seed),
      stimulus_(opt_.setup.params, rng_),
      lockstep_(make_lockstep(opt_, backend_, check_, context_)),
      checks_mvm_(backend_.exact(opt_.setup)),
      sb_(opt_.setup.params, context_,
          [this](const Precision& prec) { return backend_.supports(opt_.setup, prec); }),
      mon_(sb_),
      protocol_(context_),
      latency_(context_, max_latency(opt_, backend_, check_),
               [this](const Inputs& in) {
                 // The reference macro answers an out-of-range request in one array cycle.
                 const Precision prec{int(in.req_abits), int(in.req_wbits), in.req_asigned,
                                      in.req_wsigned};
                 return std::uint64_t(backend_.supports(opt_.setup, prec)
                                          ? backend_.response_latency(opt_.setup, prec.abits)
                                          : 2 + opt_.setup.params.pipe);
               }),
      drv_(*lockstep_) {
  sb_.record(&accuracy_);
  sb_.check_results(checks_mvm_);
  drv_.add_observer([this](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
    try {
      protocol_.observe(cycle, in, out);
      mon_.observe(cycle, in, out);
      latency_.observe(cycle, in, out);
    } catch (const Mismatch& m) {
      lockstep_->fail(m);  // the same difference, with the run's waveform
    }
  });
  drv_.reset();
}

WeightMatrix Environment::load_random_weights() {
  WeightMatrix w = stimulus_.weights();
  drv_.load(w);
  for (int s = 1; s < opt_.setup.params.wsets; ++s) drv_.load(stimulus_.weights(), s);
  return w;
}

}  // namespace cim
