// SPDX-License-Identifier: Apache-2.0
#include "net_eval.h"

#include <chrono>
#include <filesystem>
#include <memory>

#include "cli.h"
#include "environment.h"

namespace cim {

namespace {

// One backend for the layers placed on it: checked (the verification environment) or bare.
class LayerMacro {
 public:
  LayerMacro(const std::string& name, const NetPlacement& place) {
    const MacroSetup& setup = place.setups.at(name);
    const Backend& b = find_backend(name);
    ModelOptions model;
    if (b.verilated() && !place.trace.trace_path.empty()) {
      model = place.trace;
      int verilated = 0;
      for (const auto& [other, s] : place.setups) verilated += find_backend(other).verilated();
      if (verilated > 1) {
        std::filesystem::path p(model.trace_path);
        model.trace_path = (p.parent_path() / (p.stem().string() + "." + name + p.extension().string())).string();
      }
    }
    if (place.check) {
      EnvironmentOptions eo;
      eo.model = model;
      eo.backend = name;
      eo.setup = setup;
      eo.seed = place.seed;
      eo.wave_path = cli::mismatch_wave(b, setup, place.seed);
      eo.reproduce = place.reproduce;
      env_ = std::make_unique<Environment>(eo);
    } else {
      model.seed = place.seed;
      bare_ = b.make(setup, model);
      drv_ = std::make_unique<Driver>(*bare_);
      drv_->reset();
    }
  }
  Driver& drv() { return env_ ? env_->drv() : *drv_; }

 private:
  std::unique_ptr<Environment> env_;
  std::unique_ptr<Macro> bare_;
  std::unique_ptr<Driver> drv_;
};

}  // namespace

DataMovement NetRun::total() const {
  DataMovement all;
  for (const DataMovement& d : moved) all += d;
  return all;
}

std::uint64_t net_requests(const QuantizedNetwork& q, int examples, const NetPlacement& place) {
  std::uint64_t n = 0;
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const Params& p = place.setups.at(place.layer_backend[l]).params;
    n += std::uint64_t(examples) * std::uint64_t(q.layers[l].positions) *
         std::uint64_t((q.layers[l].weight.rows() + p.rows - 1) / p.rows) *
         std::uint64_t((q.layers[l].weight.cols() + p.cols - 1) / p.cols);
  }
  return n;
}

NetRun run_net(const QuantizedNetwork& q, const Dataset& data,
               const NetPlacement& place, ProgressBar* progress, std::uint64_t progress_base) {
  NetRun r;
  r.float_predictions = float_predictions(q.graph, data.inputs);
  r.golden = infer(q, data.inputs, [](int, const IntMatrix& x, const IntMatrix& w) {
    return multiply(x, w);
  });
  std::map<std::string, std::unique_ptr<LayerMacro>> macros;
  r.moved.resize(q.layers.size());
  std::uint64_t done = progress_base;
  const auto start = std::chrono::steady_clock::now();
  try {
    r.macro = infer(q, data.inputs, [&](int l, const IntMatrix& x, const IntMatrix& w) {
      const std::string& name = place.layer_backend[std::size_t(l)];
      std::unique_ptr<LayerMacro>& m = macros[name];
      if (!m) m = std::make_unique<LayerMacro>(name, place);
      Mapper mapper(m->drv(), q.precision(l));
      if (progress) mapper.on_tile([&](std::uint64_t requests) { progress->update(done + requests); });
      IntMatrix y = mapper.run(w, x);
      r.moved[std::size_t(l)] = mapper.movement();
      done += mapper.movement().requests;
      return y;
    });
  } catch (const CheckFailure& e) {
    r.mismatch = e.what();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.mismatch.empty()) {
    r.layer_error.resize(q.layers.size());
    for (std::size_t l = 0; l < q.layers.size(); ++l) {
      r.layer_error[l].add(r.golden.accumulators[l].values(), r.macro.accumulators[l].values());
    }
  }
  return r;
}

double accuracy_percent(const std::vector<int>& predicted, const std::vector<int>& labels) {
  int hits = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) hits += predicted[i] == labels[i];
  return labels.empty() ? 0.0 : 100.0 * hits / double(labels.size());
}

const Backend& golden_twin(const Backend& b) {
  for (const Backend& g : backends()) {
    if (g.macro() == b.macro() && !g.verilated()) return g;
  }
  return b;
}

}  // namespace cim
