// SPDX-License-Identifier: Apache-2.0
// cimsim vectors: a cycle-by-cycle stimulus with the golden model's outputs, for another simulator
// to run the RTL against (tb/icarus/ does, in Icarus Verilog).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

std::function<int()> add_vectors_command(CLI::App& app, const std::string& command_line);

}  // namespace cim
