// The Verilated models this build compiled, one per parameter set (see CIM_DIGITAL_CONFIGS in
// CMakeLists.txt), and a factory that picks the one matching the requested parameters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cim/macro.h"
#include "verilated_macro.h"

namespace cim {

// Throws std::invalid_argument listing the compiled parameter sets when `p` is not one of them.
std::unique_ptr<Macro> make_digital_macro(const Params& p, const ModelOptions& opt = {});

std::vector<Params> digital_configs();
std::vector<Params> digital_x_unique_configs();

// "golden" (the cycle model) or "digital" (the Verilated cim_macro).
std::unique_ptr<Macro> make_backend(const std::string& name, const Params& p,
                                    const ModelOptions& opt = {});

}  // namespace cim
