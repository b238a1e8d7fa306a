// SPDX-License-Identifier: Apache-2.0
// The run-time settings of rtl/analog/cim_analog_crossbar.sv as "+cim_<name>=value" arguments for
// a model's VerilatedContext (one per analog_settings() entry, and the seed), so a sweep over
// settings never rebuilds anything. Specific faults and calibrated ADC ranges go through temporary
// files in their documented formats, which the model reads at time 0 and this object deletes when
// it goes.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "cim/analog.h"

namespace cim {

class AnalogPlusargs {
 public:
  // Validates s first (its ADC ranges against the parameters too).
  AnalogPlusargs(const Params& p, const AnalogParams& a, const AnalogSettings& s);
  ~AnalogPlusargs();
  AnalogPlusargs(const AnalogPlusargs&) = delete;
  AnalogPlusargs& operator=(const AnalogPlusargs&) = delete;

  const std::vector<std::string>& args() const { return args_; }

 private:
  // A new temporary file (mkstemp's pattern) that `write` fills; deleted with this object.
  std::string temporary(const char* pattern, const std::function<void(std::ostream&)>& write);

  std::vector<std::string> files_;
  std::vector<std::string> args_;
};

}  // namespace cim
