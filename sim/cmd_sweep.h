// SPDX-License-Identifier: Apache-2.0
// cimsim sweep: one network setting varied over a range (any analog setting, the analog macro's
// ADC_BITS, CELL_BITS or ADC_SHARE, or the activation or weight bits), every point run with
// several device seeds for each model given (plain and noise-aware side by side): a CSV of every
// run and a PNG plot of accuracy against the setting with error bars over the seeds.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status.
std::function<int()> add_sweep_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
