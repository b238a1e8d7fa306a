// SPDX-License-Identifier: Apache-2.0
// The analog crossbar macro (cim_analog_macro): conductance pairs, ADCs shared by ADC_SHARE
// column pairs (one conversion phase each), exact only with ideal devices and full-resolution,
// full-range ADCs.
#include <algorithm>

#include "backend.h"
#include "macro_kind.h"

namespace cim {
namespace {

class AnalogKind final : public MacroKindSpec {
 public:
  const char* golden_backend() const override { return "analog-golden"; }
  const char* golden_description() const override {
    return "the C++ cycle model with the analog crossbar (any parameters)";
  }
  void validate(const MacroSetup& s) const override {
    s.analog.params.validate(s.params);
    s.analog.settings.validate();
    adc_ranges(s.params, s.analog.params, s.analog.settings);  // one shift a column pair, in range
    s.analog.cost.validate();
  }
  std::string config_name(const MacroSetup& s) const override {
    return AnalogConfig{s.params, s.analog.params}.name();
  }
  std::unique_ptr<CycleModel> make_golden(const MacroSetup& s) const override {
    return std::make_unique<CycleModel>(s.params, s.analog.params, s.analog.settings);
  }
  bool supports(const MacroSetup& s, const Precision& prec) const override {
    return precision_in_range(s.params, prec) &&
           analog_precision_ok(s.params, s.analog.params, prec);
  }
  bool exact(const MacroSetup& s) const override {
    const std::vector<int> shifts = adc_ranges(s.params, s.analog.params, s.analog.settings);
    return s.analog.settings.ideal() &&
           s.analog.params.adc_bits >= s.analog.params.exact_adc_bits(s.params) &&
           std::all_of(shifts.begin(), shifts.end(), [](int k) { return k == 0; });
  }
  int phases(const MacroSetup& s) const override { return s.analog.params.adc_share; }
};

}  // namespace

const MacroKindSpec& analog_kind() {
  static const AnalogKind kKind;
  return kKind;
}

}  // namespace cim
