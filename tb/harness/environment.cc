#include "environment.h"

namespace cim {
namespace {

std::string make_context(const EnvironmentOptions& opt, const Backend& b) {
  std::string c = "seed " + std::to_string(opt.seed);
  if (!opt.reproduce.empty()) c += ", reproduce with " + opt.reproduce;
  return c + ", " + b.name() + " macro " + b.config_name(opt.setup);
}

std::unique_ptr<Lockstep> make_lockstep(const EnvironmentOptions& opt, const Backend& b,
                                        const std::string& context) {
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
  return std::make_unique<Lockstep>(b.make(opt.setup, model), b.make_golden(opt.setup), context,
                                    replay, opt.wave_path);
}

}  // namespace

Environment::Environment(const EnvironmentOptions& opt)
    : opt_(opt),
      backend_(find_backend(opt.backend)),
      context_(make_context(opt_, backend_)),
      rng_(opt.seed),
      stimulus_(opt_.setup.params, rng_),
      lockstep_(make_lockstep(opt_, backend_, context_)),
      checks_mvm_(backend_.exact(opt_.setup)),
      sb_(opt_.setup.params, context_,
          [this](const Precision& prec) { return backend_.supports(opt_.setup, prec); }),
      mon_(sb_),
      protocol_(context_),
      drv_(*lockstep_) {
  sb_.record(&accuracy_);
  sb_.check_results(checks_mvm_);
  drv_.add_observer([this](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
    protocol_.observe(cycle, in, out);
    mon_.observe(cycle, in, out);
  });
  drv_.reset();
}

WeightMatrix Environment::load_random_weights() {
  WeightMatrix w = stimulus_.weights();
  drv_.load(w);
  return w;
}

}  // namespace cim
