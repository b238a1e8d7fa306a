// SPDX-License-Identifier: Apache-2.0
// The analog crossbar macro (cim_analog_macro): conductance pairs, ADCs shared by ADC_SHARE
// column pairs (one conversion phase each), exact only with ideal devices and full-resolution,
// full-range ADCs.
#include <algorithm>

#include "analog_plusargs.h"
#include "backend.h"
#include "macro_kind.h"

namespace cim {
namespace {

class AnalogKind final : public MacroKindSpec {
 public:
  AnalogKind()
      : MacroKindSpec(
            {.name = "analog",
             .golden_backend = "analog-golden",
             .golden_description = "the C++ cycle model with the analog crossbar (any parameters)",
             // Its report prices the periphery; the whole macro's figures model the
             // crossbar too.
             .synthesized_part = "the analog periphery",
             .density_section = "whole_macro",
             .option_group = "Analog"}) {}
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

  std::vector<ParamValue> param_values(const MacroSetup& s) const override {
    return s.analog.params.macro_values(s.params);
  }
  std::string describe(const MacroSetup& s) const override {
    const AnalogParams& a = s.analog.params;
    const AnalogSettings& st = s.analog.settings;
    std::string on;
    for (const SettingInfo& info : analog_settings()) {
      if (info.flag && st.*info.flag) on += " " + std::string(info.name);
    }
    if (st.stuck_rate > 0 || !st.faults.empty()) on += " stuck";
    if (st.r_wire > 0) on += " IR-drop";
    if (st.adc_offset_sigma > 0 || st.adc_gain_sigma > 0) on += " ADC-offset/gain";
    return ", " + std::to_string(a.cell_bits) + "-bit cells, " + std::to_string(a.adc_bits) +
           "-bit ADC per " + std::to_string(a.adc_share) + " pair(s), " +
           (st.ideal() ? "ideal devices" : "non-idealities:" + on);
  }
  // A multi-bit cell stores a weight's bits in slices of the full word.
  bool full_wbits_only(const MacroSetup& s) const override { return s.analog.params.cell_bits > 1; }
  bool has_adc() const override { return true; }
  bool stores_bits() const override { return false; }
  std::unique_ptr<Plusargs> plusargs(const MacroSetup& s) const override {
    return std::make_unique<AnalogPlusargs>(s.params, s.analog.params, s.analog.settings);
  }
  std::unique_ptr<AnalogEnergyMeter> make_energy_meter(const MacroSetup& s) const override {
    return std::make_unique<AnalogEnergyMeter>(s.params, s.analog.params, s.analog.settings,
                                               s.analog.cost);
  }
};

}  // namespace

const MacroKindSpec& analog_kind() {
  static const AnalogKind kKind;
  return kKind;
}

}  // namespace cim
