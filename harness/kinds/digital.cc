// SPDX-License-Identifier: Apache-2.0
// The digital SRAM macro (cim_macro): exact, one array cycle per activation bit group.
#include "backend.h"
#include "macro_kind.h"

namespace cim {
namespace {

class DigitalKind final : public MacroKindSpec {
 public:
  const char* golden_backend() const override { return "golden"; }
  const char* golden_description() const override {
    return "the C++ cycle model of cim_macro (any parameters)";
  }
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
};

}  // namespace

const MacroKindSpec& digital_kind() {
  static const DigitalKind kKind;
  return kKind;
}

}  // namespace cim
