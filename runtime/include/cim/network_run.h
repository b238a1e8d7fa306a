// SPDX-License-Identifier: Apache-2.0
// A quantized network on the macros: each layer on its backend, through the mapper, checked in
// lockstep with the backend's golden twin (or, unchecked, on the backend alone), against the
// quantized golden model. What cimsim net and cimsim sweep run.
//
// An accelerator's array of macros: each backend is `macros` instances (Verilated models, each
// with its golden twin when checked), every weight tile of the network assigned to one of them
// (tile t of the network, counted layer by layer, on instance t mod macros) and the instances run
// on `jobs` threads. The examples go through the network `batch` at a time: an instance holding
// one tile keeps it from batch to batch; one holding several reloads them every batch, and the
// data movement counts those reloads and the cycles they stall.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "backend.h"
#include "cim/adc_calibration.h"
#include "cim/dataset.h"
#include "cim/energy.h"
#include "cim/macro_layers.h"
#include "cim/mapper.h"
#include "cim/quantized_network.h"
#include "error_stats.h"

namespace cim {

struct NetPlacement {
  std::vector<std::string> layer_backend;    // a backend name per layer
  std::map<std::string, MacroSetup> setups;  // per backend name
  std::uint64_t seed = 1;
  bool check = true;  // lockstep with the golden twin and the mvm() scoreboard
  // A waveform of the Verilated backends (trace_path empty: none); with several backends or
  // instances, each gets its name before the extension (run.analog.fst, run.digital.m1.fst).
  ModelOptions trace;
  std::string reproduce;  // quoted in a mismatch
  // Where a mismatch leaves its waveform (the caller's naming), given the backend, its setup, the
  // run's seed and the instance (-1 when there is one).
  std::function<std::string(const Backend&, const MacroSetup&, std::uint64_t seed, int instance)>
      wave_path;
  int macros = 1;  // instances of each backend
  int jobs = 1;    // threads running them
  int batch = 0;   // examples a pass through the network (0: all of them)
  // Calibrated ADC ranges of the layers on analog backends (calibrate_adc()): per layer, per weight
  // tile in the mapper's order, every column pair's shift; empty for a layer: its setup's ranges.
  // An analog array is programmed once and its ADC ranges set with it, so a backend with
  // calibrated layers has an instance per tile (`macros` when that is more), each holding its tile
  // at its ranges.
  std::vector<std::vector<std::vector<int>>> adc_shifts;
};

struct NetRun {
  Inference golden, macro;
  std::vector<int> float_predictions;
  std::vector<ErrorStats> layer_error;   // macro against golden, per layer
  std::vector<DataMovement> moved;       // per layer, summed over the instances
  double seconds = 0.0;                  // on the macros
  std::map<std::string, int> instances;  // per backend name
  // Per layer, the modelled energy of its work on analog backends (cim/analog_cost.h; zero on a
  // digital backend).
  std::vector<AnalogEnergy> layer_energy;
  std::string mismatch;  // empty: none
  bool bit_exact() const { return macro.logits == golden.logits; }
  DataMovement total() const;
};

// The requests the network's layers will issue on `examples` (for a progress bar).
std::uint64_t net_requests(const QuantizedNetwork& q, int examples, const NetPlacement& place);

// Runs `data` through `q` on the placement; `progress` (optional) is told the requests answered
// so far (from the thread that answered them, one call at a time).
NetRun run_net(const QuantizedNetwork& q, const Dataset& data, const NetPlacement& place,
               const std::function<void(std::uint64_t)>& progress = {});

// Calibrates the ADC ranges of the layers `place` puts on analog backends into place.adc_shifts,
// by `mode`'s rule (cim/adc_calibration.h), on `calibration` (examples a row, as the network takes
// them: what quantize() calibrated its activations on); kFullRange clears them.
void calibrate_adc(const QuantizedNetwork& q, const RealMatrix& calibration, AdcCalibration mode,
                   NetPlacement& place);

// Layer l's energy in run `r` on `place`: its cycles priced by `pricer`'s report of the layer's
// macro kind (unpriced without one), its modelled crossbar energy added, per one of `examples`.
PricedEnergy price_layer(const NetRun& r, const NetPlacement& place, std::size_t l,
                         const EnergyPricer& pricer, int examples);

// Percent of predictions equal to the labels.
double accuracy_percent(const std::vector<int>& predicted, const std::vector<int>& labels);

// The golden model of a backend's macro ("golden" for "digital", "analog-golden" for "analog"):
// what runs a parameter set this build did not compile.
const Backend& golden_twin(const Backend& b);

}  // namespace cim
