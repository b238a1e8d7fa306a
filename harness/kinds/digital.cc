// SPDX-License-Identifier: Apache-2.0
// The digital SRAM macro (cim_macro): exact, one array cycle per activation bit group.
#include "backend.h"
#include "macro_kind.h"

namespace cim {
namespace {

class DigitalKind final : public MacroKindSpec {
 public:
  DigitalKind()
      : MacroKindSpec({.name = "digital",
                       .golden_backend = "golden",
                       .golden_description = "the C++ cycle model of cim_macro (any parameters)",
                       .synthesized_part = "the digital macro",
                       .density_section = "efficiency",
                       .option_group = "Digital macro"}) {}
  void validate(const MacroSetup& s) const override { s.params.validate(); }
  std::string config_name(const MacroSetup& s) const override { return s.params.name(); }
  std::unique_ptr<CycleModel> make_golden(const MacroSetup& s) const override {
    return std::make_unique<CycleModel>(s.params);
  }
  bool supports(const MacroSetup& s, const Precision& prec) const override {
    return precision_in_range(s.params, prec);
  }
  bool exact(const MacroSetup&) const override { return true; }
  int phases(const MacroSetup&) const override { return 1; }

  std::vector<ParamValue> param_values(const MacroSetup& s) const override {
    return s.params.values();
  }
  std::string describe(const MacroSetup& s) const override {
    // Its options away from their defaults (SCM=1, CSA=1, ...).
    std::string options;
    for (const ParamValue& v : s.params.values()) {
      if (std::string(v.info->cimsim) != "--macro" && v.value != v.info->def) {
        options += ", " + std::string(v.info->name) + "=" + std::to_string(v.value);
      }
    }
    return options;
  }
  bool full_wbits_only(const MacroSetup&) const override { return false; }
  bool has_adc() const override { return false; }
  bool stores_bits() const override { return true; }
  std::unique_ptr<Plusargs> plusargs(const MacroSetup&) const override {
    return std::make_unique<Plusargs>();
  }
  std::unique_ptr<AnalogEnergyMeter> make_energy_meter(const MacroSetup&) const override {
    return nullptr;
  }
};

}  // namespace

const MacroKindSpec& digital_kind() {
  static const DigitalKind kKind;
  return kKind;
}

}  // namespace cim
