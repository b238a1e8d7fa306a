// SPDX-License-Identifier: Apache-2.0
// What several cimsim subcommands report, printed and as JSON: data movement, errors.
#pragma once

#include <nlohmann/json.hpp>

#include "cim/mapper.h"
#include "error_stats.h"

namespace cim {

nlohmann::json movement_json(const DataMovement& d);
// The data movement table of the summary, beside the von Neumann engine's.
void print_movement(const DataMovement& d);
// outputs, rmse, max_error, snr_db (null when exact).
nlohmann::json error_json(const ErrorStats& e);

}  // namespace cim
