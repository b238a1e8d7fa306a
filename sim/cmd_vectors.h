// SPDX-License-Identifier: Apache-2.0
// cimsim vectors: a cycle-by-cycle stimulus with the golden model's outputs, for another simulator
// to run the RTL against (tb/icarus/ does, in Icarus Verilog).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status.
std::function<int()> add_vectors_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
