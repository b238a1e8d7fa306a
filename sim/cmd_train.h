// SPDX-License-Identifier: Apache-2.0
// cimsim train: a perceptron trained on the train split of a data set (libtorch), plainly,
// noise-aware (weight noise from the analog macro's model at the chosen settings) and/or
// quantization-aware, written as ONNX.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cim {

// Adds the subcommand's options to `cmd`; the returned function runs it (after parsing) and
// gives the exit status.
std::function<int()> add_train_command(CLI::App* cmd, const std::string& command_line);

}  // namespace cim
