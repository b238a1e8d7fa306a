// SPDX-License-Identifier: Apache-2.0
// A quantized network on the macros: each layer on its backend, through the mapper, checked in
// lockstep with the backend's golden twin (or, unchecked, on the backend alone), against the
// quantized golden model. Shared by cimsim net and cimsim sweep.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cim/dataset.h"
#include "cim/mapper.h"
#include "cim/quantized_network.h"
#include "error_stats.h"
#include "models.h"
#include "progress.h"

namespace cim {

struct NetPlacement {
  std::vector<std::string> layer_backend;    // a backend name per layer
  std::map<std::string, MacroSetup> setups;  // per backend name
  std::uint64_t seed = 1;
  bool check = true;        // lockstep with the golden twin and the mvm() scoreboard
  // A waveform of the Verilated backends (trace_path empty: none); with several, each gets its
  // name before the extension (run.analog.fst).
  ModelOptions trace;
  std::string reproduce;    // quoted in a mismatch
};

struct NetRun {
  Inference golden, macro;
  std::vector<int> float_predictions;
  std::vector<ErrorStats> layer_error;  // macro against golden, per layer
  std::vector<DataMovement> moved;      // per layer
  double seconds = 0.0;                 // on the macros
  std::string mismatch;                 // empty: none
  bool bit_exact() const { return macro.logits == golden.logits; }
  DataMovement total() const;
};

// The requests the network's layers will issue on `data` (for a progress bar).
std::uint64_t net_requests(const QuantizedNetwork& q, int examples, const NetPlacement& place);

// Runs `data` through `q` on the placement; `progress` (optional) advances by requests.
NetRun run_net(const QuantizedNetwork& q, const Dataset& data,
               const NetPlacement& place, ProgressBar* progress = nullptr,
               std::uint64_t progress_base = 0);

// Percent of predictions equal to the labels.
double accuracy_percent(const std::vector<int>& predicted, const std::vector<int>& labels);

// The golden model of a backend's macro ("golden" for "digital", "analog-golden" for "analog"):
// what runs a parameter set this build did not compile.
const Backend& golden_twin(const Backend& b);

}  // namespace cim
