// The Verilated models this build compiled, one per parameter set (see CIM_DIGITAL_CONFIGS in
// CMakeLists.txt), and a factory that picks the one matching the requested parameters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cim/analog.h"
#include "cim/cycle_model.h"
#include "cim/macro.h"
#include "verilated_macro.h"

namespace cim {

// Throws std::invalid_argument listing the compiled parameter sets when `p` is not one of them.
std::unique_ptr<Macro> make_digital_macro(const Params& p, const ModelOptions& opt = {});

std::vector<Params> digital_configs();
std::vector<Params> digital_x_unique_configs();

// The analog macro's compile-time parameters and run-time settings.
struct AnalogSetup {
  AnalogParams params;
  AnalogSettings settings;
};

struct AnalogConfig {
  Params params;
  AnalogParams analog;
  std::string name() const;  // e.g. "r64_c16_w8_a8_cb2_adc8_s1"
};

// A Verilated cim_analog_macro with the settings passed as +plusargs (nothing is rebuilt to
// change them). Throws std::invalid_argument listing the compiled sets when (p, a) is not one.
std::unique_ptr<Macro> make_analog_macro(const Params& p, const AnalogSetup& a,
                                         const ModelOptions& opt = {});
std::vector<AnalogConfig> analog_configs();

// "golden" (the digital cycle model), "digital" (the Verilated cim_macro), "analog-golden" (the
// cycle model with the analog crossbar) or "analog" (the Verilated cim_analog_macro).
std::unique_ptr<Macro> make_backend(const std::string& name, const Params& p,
                                    const ModelOptions& opt = {}, const AnalogSetup& analog = {});

// The golden cycle model that checks a backend: the analog crossbar for the analog backends.
std::unique_ptr<CycleModel> make_golden_for(const std::string& backend, const Params& p,
                                            const AnalogSetup& analog = {});

}  // namespace cim
