// SPDX-License-Identifier: Apache-2.0
// The headers every Verilated model's files start with, precompiled once for all the models of a
// build (cmake/opencim_dut.cmake): parsing them cost more than compiling most generated files.
// The message routing comes first, as the force-include it replaces for the models: Verilator's
// headers print through it.
#pragma once

// clang-format off
#include "verilator_print.h"
#include <verilated.h>
#include <verilated_fst_c.h>
// clang-format on
