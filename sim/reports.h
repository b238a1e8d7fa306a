// SPDX-License-Identifier: Apache-2.0
// What several cimsim subcommands report, printed and as JSON: data movement, errors.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "backend.h"
#include "cim/analog_cost.h"
#include "cim/energy.h"
#include "cim/mapper.h"
#include "error_stats.h"

namespace cim {

nlohmann::json movement_json(const DataMovement& d);
// The data movement table of the summary, beside the von Neumann engine's.
void print_movement(const DataMovement& d);
// outputs, rmse, max_error, snr_db (null when exact).
nlohmann::json error_json(const ErrorStats& e);

// The modelled energy of an analog macro's work (cim/analog_cost.h): in all, per `unit` (MVM,
// inference) over `units` of them, the ADC's share, and the part costs it came from.
nlohmann::json analog_energy_json(const AnalogEnergy& e, const AnalogPartCosts& k,
                                  const std::string& unit, double units);
void print_analog_energy(const AnalogEnergy& e, const AnalogPartCosts& k, const std::string& unit,
                         double units);

}  // namespace cim
