// SPDX-License-Identifier: Apache-2.0
// cimsim mvm: any K x N integer matrix times a batch of input vectors, from CSV or .npy files,
// tiled onto a backend by the mapper (runtime/), checked cycle by cycle against its golden model,
// the result written in the inputs' format, with what the memory wall cost beside it.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status.
std::function<int()> add_mvm_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
