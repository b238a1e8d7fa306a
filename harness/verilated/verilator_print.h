// SPDX-License-Identifier: Apache-2.0
// Where a Verilated model's messages go. Verilator prints through the VL_PRINTF macro, which the
// build points at cim_verilator_printf for everything it compiles with the models (CMakeLists.txt
// force-includes this header there), so that an assertion's message reaches the exception
// VerilatedMacro throws and not only stdout.
#pragma once

#ifdef __cplusplus
#include <string>

extern "C" int cim_verilator_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

namespace cim {
// The error lines this thread's models printed since the last call, and forgets them.
std::string take_verilator_errors();
}  // namespace cim
#endif
