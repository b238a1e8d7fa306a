// SPDX-License-Identifier: Apache-2.0
// The records several cimsim subcommands report, each as one schema (summary.h): data movement,
// errors, the analog macro's modelled energy.
#pragma once

#include <string>

#include "cim/analog_cost.h"
#include "cim/mapper.h"
#include "error_stats.h"
#include "summary.h"

namespace cim {

// Every count of the data movement; printed as a table beside the von Neumann engine's.
Summary movement_summary(const DataMovement& d);
// outputs, rmse, max_error, snr_db (null when exact); printed as one line: "  label  exact over
// N outputs", or its RMSE, largest error and SNR.
Summary error_summary(const ErrorStats& e, const std::string& label);

// The modelled energy of an analog macro's work (cim/analog_cost.h): in all, per `unit` (MVM,
// inference) over `units` of them, the ADC's share, and the part costs it came from.
Summary analog_energy_summary(const AnalogEnergy& e, const AnalogPartCosts& k,
                              const std::string& unit, double units);

// A number as the summaries print it: `digits` after the point, or `digits` significant ones (a
// stream's default form).
std::string number_text(double v, int digits);
std::string significant_text(double v, int digits = 6);

}  // namespace cim
