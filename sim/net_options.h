// SPDX-License-Identifier: Apache-2.0
// The options of the subcommands that run networks (cimsim net, cimsim sweep): the model(s), the
// data and its split, the backend(s) per layer, the precision; resolved (every file read, every
// option checked) before anything runs.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cim/dataset.h"
#include "cim/graph.h"
#include "cim/network_run.h"
#include "cli.h"
#include "reports.h"

namespace cim {

struct NetOptions {
  cli::MacroOptions macro;
  std::vector<std::string> models;
  std::string data = CIM_DIGITS_CSV, labels, split = "test", place;
  int abits = 0, wbits = 0;  // 0: the macro's ABITS / WBITS
  cli::TraceOptions trace;   // cimsim net only
  std::uint64_t seed = 1, limit = 0;
  int macros = 1, jobs = 1, batch = 0;  // an array of macros (cim/network_run.h)
  std::string adc_calibrate = adc_calibration_name(AdcCalibration::kFullRange);
  std::vector<std::string> synth_reports;

  // Adds the options; `several_models`: --model may be given more than once.
  void add_to(CLI::App& app, bool several_models);
  // Reads the models and data and checks every option: throws CLI::ValidationError naming the
  // option, InputError naming the file.
  void resolve();

  bool several_models_ = false;  // as added

  // Resolved:
  std::vector<Graph> nets;
  Dataset eval, calibration;
  NetPlacement placement;  // its seed is `seed`; check on
  AdcCalibration adc_calibration = AdcCalibration::kFullRange;
  EnergyPricer pricer;  // --synth-report's

 private:
  // The steps of resolve(), in its order.
  void read_models();
  void read_data(std::int64_t width);
  void place_layers(int layers);
  void read_synth_reports();
  void resolve_trace();
  void resolve_precision();
};

}  // namespace cim
