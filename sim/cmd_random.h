// SPDX-License-Identifier: Apache-2.0
// cimsim random: random MVMs through a backend, in lockstep with its golden cycle model and under
// the mvm() scoreboard (the verification environment every test uses), and a summary of what was
// seen: throughput, and for the analog macro the accuracy against the exact integer MVM.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status. command_line is how it was invoked, quoted in every failure as the way
// to reproduce it.
std::function<int()> add_random_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
