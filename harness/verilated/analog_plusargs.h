// SPDX-License-Identifier: Apache-2.0
// The run-time settings of rtl/analog/cim_analog_crossbar.sv as "+cim_<name>=value" arguments for
// a model's VerilatedContext (one per analog_settings() entry, and the seed), so a sweep over
// settings never rebuilds anything. Specific faults go through a temporary fault map in the
// documented format, which the model reads at time 0 and this object deletes when it goes.
#pragma once

#include <string>
#include <vector>

#include "cim/analog.h"

namespace cim {

class AnalogPlusargs {
 public:
  explicit AnalogPlusargs(const AnalogSettings& s);  // validates s first
  ~AnalogPlusargs();
  AnalogPlusargs(const AnalogPlusargs&) = delete;
  AnalogPlusargs& operator=(const AnalogPlusargs&) = delete;

  const std::vector<std::string>& args() const { return args_; }

 private:
  std::string fault_file_;
  std::vector<std::string> args_;
};

}  // namespace cim
