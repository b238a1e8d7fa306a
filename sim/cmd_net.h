// SPDX-License-Identifier: Apache-2.0
// cimsim net: a trained network (ONNX) on the macros. The data set goes through the network layer
// by layer, each layer's matrix tiled onto its backend by the mapper and checked cycle by cycle
// against the backend's golden model; accuracy, confusion matrix, each layer's error against the
// quantized golden result, and the data movement.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status.
std::function<int()> add_net_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
