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

// A macro's run-time +plusargs, and what they name (temporary files), kept while it lives.
class Plusargs {
 public:
  virtual ~Plusargs() = default;
  const std::vector<std::string>& args() const { return args_; }

 protected:
  std::vector<std::string> args_;
};

class AnalogPlusargs final : public Plusargs {
 public:
  // Validates s first (its ADC ranges against the parameters too).
  AnalogPlusargs(const Params& p, const AnalogParams& a, const AnalogSettings& s);
  ~AnalogPlusargs() override;
  AnalogPlusargs(const AnalogPlusargs&) = delete;
  AnalogPlusargs& operator=(const AnalogPlusargs&) = delete;

 private:
  // A new temporary file (mkstemp's pattern) that `write` fills; deleted with this object.
  std::string temporary(const char* pattern, const std::function<void(std::ostream&)>& write);

  std::vector<std::string> files_;
};

}  // namespace cim
