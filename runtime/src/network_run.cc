// SPDX-License-Identifier: Apache-2.0
#include "cim/network_run.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "environment.h"

namespace cim {

namespace {

// One macro instance: a backend checked in its verification environment, or bare; and the tile
// it holds.
class MacroInstance {
 public:
  // Instance `index` of `count` of backend `name`, built from `setup`.
  MacroInstance(const std::string& name, int index, int count, const MacroSetup& setup,
                const NetPlacement& place) {
    const Backend& b = find_backend(name);
    const std::uint64_t seed = place.seed + std::uint64_t(index);  // each instance its own devices
    const std::string instance = count > 1 ? "m" + std::to_string(index) : "";
    ModelOptions model;
    if (b.verilated() && !place.trace.trace_path.empty()) {
      model = place.trace;
      int verilated = 0;
      for (const auto& [other, s] : place.setups) verilated += find_backend(other).verilated();
      std::string suffix = verilated > 1 ? "." + name : "";
      if (!instance.empty()) suffix += "." + instance;
      std::filesystem::path p(model.trace_path);
      model.trace_path =
          (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
    }
    if (place.check) {
      EnvironmentOptions eo;
      eo.model = model;
      eo.backend = name;
      eo.setup = setup;
      eo.seed = seed;
      eo.wave_path =
          place.wave_path ? place.wave_path(b, setup, place.seed, count > 1 ? index : -1) : "";
      eo.reproduce = place.reproduce;
      env_ = std::make_unique<Environment>(eo);
    } else {
      model.seed = seed;
      bare_ = b.make(setup, model);
      drv_ = std::make_unique<Driver>(*bare_);
      drv_->reset();
    }
    meter_ = b.kind().make_energy_meter(setup);
    if (meter_) {
      drv().add_observer([m = meter_.get()](std::uint64_t, const Inputs& in, const Outputs& out) {
        m->observe(in, out);
      });
    }
  }
  Driver& drv() { return env_ ? env_->drv() : *drv_; }
  // The modelled energy of its work so far (an analog backend; zero otherwise).
  AnalogEnergy energy() const { return meter_ ? meter_->energy() : AnalogEnergy{}; }
  std::int64_t resident = -1;  // the network tile it holds (-1: none yet)

 private:
  std::unique_ptr<Environment> env_;
  std::unique_ptr<Macro> bare_;
  std::unique_ptr<Driver> drv_;
  std::unique_ptr<AnalogEnergyMeter> meter_;
};

// A backend's instances.
struct MacroPool {
  std::vector<std::unique_ptr<MacroInstance>> instances;
};

int tiles_of(const QuantizedLayer& l, const Params& p) {
  return ((l.weight.rows() + p.rows - 1) / p.rows) * ((l.weight.cols() + p.cols - 1) / p.cols);
}

// Stacks the rows of `more` under `all`.
void append_rows(IntMatrix& all, const IntMatrix& more) {
  if (all.rows() == 0) {
    all = more;
    return;
  }
  IntMatrix both(all.rows() + more.rows(), all.cols());
  for (int r = 0; r < all.rows(); ++r) {
    for (int c = 0; c < all.cols(); ++c) both.at(r, c) = all.at(r, c);
  }
  for (int r = 0; r < more.rows(); ++r) {
    for (int c = 0; c < more.cols(); ++c) both.at(all.rows() + r, c) = more.at(r, c);
  }
  all = std::move(both);
}

// The rows [first, first + count) of `m`.
IntMatrix row_slice(const IntMatrix& m, int first, int count) {
  IntMatrix out(count, m.cols());
  for (int r = 0; r < count; ++r) {
    for (int c = 0; c < m.cols(); ++c) out.at(r, c) = m.at(first + r, c);
  }
  return out;
}

// The network's layers on the pools. A backend's weight tiles are numbered through the network
// (layer by layer, each layer's in the mapper's order); with T of them on N instances, tile t is
// on instance t mod N when N < T (instances take turns, reloading), and when N >= T on the
// N / T instances t, t + T, ..., each streaming its share of the layer's input rows (replicas:
// the throughput of the spare macros). The instances with work run on the threads, each thread
// taking the next one free.
class ArrayRun {
 public:
  ArrayRun(const QuantizedNetwork& q, const NetPlacement& place,
           const std::function<void(std::uint64_t)>& progress)
      : q_(q),
        place_(place),
        progress_(progress),
        moved_(q.layers.size()),
        energy_(q.layers.size()) {
    for (std::size_t l = 0; l < q.layers.size(); ++l) {
      const std::string& name = place.layer_backend[l];
      first_tile_.push_back(tiles_[name]);
      tiles_[name] += tiles_of(q.layers[l], place.setups.at(name).params);
    }
  }

  IntMatrix layer(int l, const IntMatrix& x, const IntMatrix& w) {
    MacroPool& pool = pool_of(place_.layer_backend[std::size_t(l)]);
    const int n_macros = int(pool.instances.size());
    const std::vector<std::vector<Work>> work = assign(l, x, w, n_macros);
    Mapper checker(pool.instances.front()->drv(), layer_precision(q_, l));
    checker.check_product(w, x);
    std::vector<IntMatrix> partial(static_cast<std::size_t>(n_macros));
    std::vector<DataMovement> moved(static_cast<std::size_t>(n_macros));
    std::vector<std::exception_ptr> failed(static_cast<std::size_t>(n_macros));
    std::vector<int> busy;
    for (int i = 0; i < n_macros; ++i) {
      if (!work[std::size_t(i)].empty()) busy.push_back(i);
    }
    run_in_parallel(busy, place_.jobs, [&](int i) {
      try {
        run_instance(l, *pool.instances[std::size_t(i)], i, work[std::size_t(i)], x, w,
                     partial[std::size_t(i)], moved[std::size_t(i)]);
      } catch (...) {
        failed[std::size_t(i)] = std::current_exception();
      }
    });
    for (int i : busy) {
      if (failed[std::size_t(i)])
        std::rethrow_exception(failed[std::size_t(i)]);  // the lowest instance's
    }
    // The partial-sum adder: the instances' sums in instance order (integers: exact in any order).
    IntMatrix y(x.rows(), w.cols());
    for (int i : busy) {
      for (int r = 0; r < y.rows(); ++r) {
        for (int c = 0; c < y.cols(); ++c) y.at(r, c) += partial[std::size_t(i)].at(r, c);
      }
    }
    DataMovement& sum = moved_[std::size_t(l)];
    sum += checker.movement();
    for (int i : busy) sum += moved[std::size_t(i)];
    return y;
  }

  const std::vector<DataMovement>& moved() const { return moved_; }
  const std::vector<AnalogEnergy>& energy() const { return energy_; }
  // Instances per backend.
  std::map<std::string, int> instances() const {
    std::map<std::string, int> n;
    for (const auto& [name, pool] : pools_) n[name] = int(pool.instances.size());
    return n;
  }

 private:
  // A tile's share of an instance's work: the weight tile at (k0, n0), streamed with `count`
  // examples from `first`; `id` the tile's number in the network.
  struct Work {
    int k0, n0, first, count;
    std::int64_t id;
  };

  // Each instance's work in layer l: its tiles, or, with more instances than the backend has
  // tiles, its replica's share of a tile's examples.
  std::vector<std::vector<Work>> assign(int l, const IntMatrix& x, const IntMatrix& w,
                                        int n_macros) const {
    const std::string& name = place_.layer_backend[std::size_t(l)];
    const Params& p = place_.setups.at(name).params;
    const std::int64_t total = tiles_.at(name);
    const int replicas = n_macros >= total ? int(n_macros / total) : 1;
    std::vector<std::vector<Work>> work(static_cast<std::size_t>(n_macros));
    std::int64_t id = first_tile_[std::size_t(l)];
    for (int n0 = 0; n0 < w.cols(); n0 += p.cols) {
      for (int k0 = 0; k0 < w.rows(); k0 += p.rows) {
        for (int k = 0; k < replicas; ++k) {
          const int first = int(std::int64_t(x.rows()) * k / replicas);
          const int last = int(std::int64_t(x.rows()) * (k + 1) / replicas);
          const std::int64_t instance = replicas > 1 ? id + k * total : id % n_macros;
          if (last > first)
            work[std::size_t(instance)].push_back({k0, n0, first, last - first, id});
        }
        ++id;
      }
    }
    return work;
  }

  // Instance i's work in layer l: its tiles loaded (unless resident; always when written at run
  // time) and streamed, their results summed into `sum`, its data movement into `moved`, its
  // modelled energy into the layer's.
  void run_instance(int l, MacroInstance& m, int i, const std::vector<Work>& work,
                    const IntMatrix& x, const IntMatrix& w, IntMatrix& sum, DataMovement& moved) {
    const AnalogEnergy before = m.energy();
    Mapper mapper(m.drv(), layer_precision(q_, l));
    sum = IntMatrix(x.rows(), w.cols());
    // Weights written at run time (a product of two activations) are new at every call: written
    // each time, and left behind as no tile (a reload counts a held tile written again).
    const bool run_time = q_.layers[std::size_t(l)].run_time_weights;
    for (const Work& t : work) {
      if (run_time || m.resident != t.id) {
        bool again = false;
        if (!run_time) {
          std::lock_guard<std::mutex> lock(mu_);
          again = !loaded_.insert({t.id, i}).second;
        }
        mapper.load_tile(w, t.k0, t.n0, again);
        m.resident = run_time ? -1 : t.id;
      }
      IntMatrix slice(t.count, w.cols());
      mapper.stream_tile(row_slice(x, t.first, t.count), t.k0, t.n0, slice);
      for (int r = 0; r < t.count; ++r) {
        for (int c = 0; c < w.cols(); ++c) sum.at(t.first + r, c) += slice.at(r, c);
      }
      if (progress_) {
        std::lock_guard<std::mutex> lock(mu_);
        requests_ += std::uint64_t(t.count);
        progress_(requests_);
      }
    }
    moved = mapper.movement();
    AnalogEnergy spent = m.energy();
    spent -= before;
    std::lock_guard<std::mutex> lock(mu_);
    energy_[std::size_t(l)] += spent;
  }

  // Runs fn(i) for every i of `busy` on up to `jobs` threads (on this one when one is enough).
  static void run_in_parallel(const std::vector<int>& busy, int jobs,
                              const std::function<void(int)>& fn) {
    jobs = std::max(1, std::min(jobs, int(busy.size())));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t k = next++; k < busy.size(); k = next++) fn(busy[k]);
    };
    if (jobs == 1) {
      worker();
      return;
    }
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }

  MacroPool& pool_of(const std::string& name) {
    MacroPool& pool = pools_[name];
    if (!pool.instances.empty()) return pool;
    // The tiles with calibrated ADC ranges: (layer, its tile) by the backend's tile number.
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> calibrated;
    for (std::size_t l = 0; l < q_.layers.size(); ++l) {
      if (place_.layer_backend[l] != name || l >= place_.adc_shifts.size()) continue;
      for (std::size_t t = 0; t < place_.adc_shifts[l].size(); ++t)
        calibrated[first_tile_[l] + std::int64_t(t)] = {l, t};
    }
    const std::int64_t total = tiles_[name];
    int n = std::max(1, place_.macros);
    if (!calibrated.empty()) n = int(std::max<std::int64_t>(n, total));
    const std::int64_t replicas = n >= total ? n / total : 1;
    for (int i = 0; i < n; ++i) {
      MacroSetup setup = place_.setups.at(name);
      if (i < replicas * total) {
        if (const auto it = calibrated.find(i % total); it != calibrated.end()) {
          setup.analog.settings.adc_shifts = place_.adc_shifts[it->second.first][it->second.second];
        }
      }
      pool.instances.push_back(std::make_unique<MacroInstance>(name, i, n, setup, place_));
    }
    return pool;
  }

  const QuantizedNetwork& q_;
  const NetPlacement& place_;
  const std::function<void(std::uint64_t)>& progress_;
  std::vector<std::int64_t> first_tile_;       // per layer, in its backend's numbering
  std::map<std::string, std::int64_t> tiles_;  // per backend
  std::map<std::string, MacroPool> pools_;
  std::vector<DataMovement> moved_;
  std::vector<AnalogEnergy> energy_;  // per layer
  std::mutex mu_;
  std::set<std::pair<std::int64_t, int>> loaded_;  // (tile, instance) loaded so far
  std::uint64_t requests_ = 0;
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
         std::uint64_t(tiles_of(q.layers[l], p));
  }
  return n;
}

NetRun run_net(const QuantizedNetwork& q, const Dataset& data, const NetPlacement& place,
               const std::function<void(std::uint64_t)>& progress) {
  NetRun r;
  r.float_predictions = float_predictions(q.graph, data.inputs);
  r.golden = infer(q, data.inputs,
                   [](int, const IntMatrix& x, const IntMatrix& w) { return multiply(x, w); });
  const auto start = std::chrono::steady_clock::now();
  try {
    ArrayRun array(q, place, progress);
    const int batch = place.batch > 0 ? std::min(place.batch, data.size()) : data.size();
    for (int first = 0; first < data.size(); first += batch) {
      std::vector<int> rows;
      for (int i = first; i < std::min(data.size(), first + batch); ++i) rows.push_back(i);
      const Inference part = infer(
          q, data.subset(rows).inputs,
          [&](int l, const IntMatrix& x, const IntMatrix& w) { return array.layer(l, x, w); });
      r.macro.accumulators.resize(part.accumulators.size());
      for (std::size_t l = 0; l < part.accumulators.size(); ++l)
        append_rows(r.macro.accumulators[l], part.accumulators[l]);
      r.macro.logits.insert(r.macro.logits.end(), part.logits.begin(), part.logits.end());
      r.macro.predictions.insert(r.macro.predictions.end(), part.predictions.begin(),
                                 part.predictions.end());
    }
    r.moved = array.moved();
    r.instances = array.instances();
    r.layer_energy = array.energy();
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

void calibrate_adc(const QuantizedNetwork& q, const RealMatrix& calibration, AdcCalibration mode,
                   NetPlacement& place) {
  place.adc_shifts.assign(q.layers.size(), {});
  if (mode == AdcCalibration::kFullRange) return;
  infer(q, calibration, [&](int l, const IntMatrix& x, const IntMatrix& w) {
    const MacroSetup& s = place.setups.at(place.layer_backend[std::size_t(l)]);
    // Weights written at run time change with each example: their ADCs keep the full range.
    if (find_backend(place.layer_backend[std::size_t(l)]).kind().has_adc() &&
        !q.layers[std::size_t(l)].run_time_weights) {
      place.adc_shifts[std::size_t(l)] =
          calibrate_adc_ranges(x, w, layer_precision(q, l), s.params, s.analog.params, mode);
    }
    return multiply(x, w);
  });
}

PricedEnergy price_layer(const NetRun& r, const NetPlacement& place, std::size_t l,
                         const EnergyPricer& pricer, int examples) {
  return pricer
      .price(find_backend(place.layer_backend[l]).macro(), r.moved[l].compute_cycles,
             r.layer_energy[l])
      .per(examples > 0 ? examples : 1);
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
