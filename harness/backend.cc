// SPDX-License-Identifier: Apache-2.0
// The backends' face (backend.h) that needs no compiled model: names, checks, golden twins. The
// registry of DUTs and compiled models is generated per build (harness/verilated/models.cc.in).
#include "backend.h"

#include <algorithm>
#include <stdexcept>

#include "cim/cycle_model.h"
#include "macro_kind.h"

namespace cim {

std::string AnalogConfig::name() const { return config_name(analog.macro_values(params)); }

const char* check_mode_name(CheckMode m) {
  return m == CheckMode::kCycleExact ? "cycle-exact" : "transaction";
}

CheckMode parse_check_mode(const std::string& name) {
  for (CheckMode m : {CheckMode::kCycleExact, CheckMode::kTransaction}) {
    if (name == check_mode_name(m)) return m;
  }
  throw std::invalid_argument("unknown check '" + name + "' (" +
                              check_mode_name(CheckMode::kCycleExact) + ", " +
                              check_mode_name(CheckMode::kTransaction) + ")");
}

// The kinds' objects (harness/kinds/): the one place that lists them.
const MacroKindSpec& digital_kind();
const MacroKindSpec& analog_kind();

const std::vector<MacroKind>& macro_kinds() {
  static const std::vector<MacroKind> kKinds = {MacroKind::kDigital, MacroKind::kAnalog};
  return kKinds;
}

const MacroKindSpec& macro_kind(MacroKind kind) {
  static const MacroKindSpec* const kSpecs[] = {&digital_kind(), &analog_kind()};
  return *kSpecs[static_cast<int>(kind)];
}

MacroKind macro_kind_named(const std::string& name) {
  std::string names;
  for (MacroKind k : macro_kinds()) {
    if (name == macro_kind(k).name()) return k;
    names += (names.empty() ? "" : ", ") + std::string(macro_kind(k).name());
  }
  throw std::invalid_argument("unknown macro kind '" + name + "' (" + names + ")");
}

// Each kind's golden model first, before that kind's first DUT.
const std::vector<Backend>& backends() {
  static const std::vector<Backend> kBackends = [] {
    std::vector<Backend> v;
    for (const Dut& d : duts()) {
      const MacroKindSpec& kind = macro_kind(d.macro);
      if (std::none_of(v.begin(), v.end(),
                       [&](const Backend& b) { return b.macro() == d.macro; })) {
        v.emplace_back(kind.golden_backend(), d.macro, kind.golden_description());
      }
      v.emplace_back(d);
    }
    return v;
  }();
  return kBackends;
}

const Backend& find_backend(const std::string& name) {
  std::string names;
  for (const Backend& b : backends()) {
    if (b.name() == name) return b;
    names += (names.empty() ? "" : ", ") + b.name();
  }
  throw std::invalid_argument("unknown backend '" + name + "' (" + names + ")");
}

void Backend::validate(const MacroSetup& s) const { macro_kind(macro_).validate(s); }

std::string Backend::config_name(const MacroSetup& s) const {
  return macro_kind(macro_).config_name(s);
}

std::unique_ptr<CycleModel> Backend::make_golden(const MacroSetup& s) const {
  return macro_kind(macro_).make_golden(s);
}

bool Backend::supports(const MacroSetup& s, const Precision& prec) const {
  return macro_kind(macro_).supports(s, prec);
}

bool Backend::exact(const MacroSetup& s) const { return macro_kind(macro_).exact(s); }

int Backend::phases(const MacroSetup& s) const { return macro_kind(macro_).phases(s); }

std::unique_ptr<Macro> make_digital_macro(const Params& p, const ModelOptions& opt) {
  return find_backend("digital").make(MacroSetup{p, {}}, opt);
}

std::unique_ptr<Macro> make_analog_macro(const Params& p, const AnalogSetup& a,
                                         const ModelOptions& opt) {
  return find_backend("analog").make(MacroSetup{p, a}, opt);
}

std::vector<Params> digital_configs(ModelVariant variant) {
  std::vector<Params> v;
  for (const MacroSetup& s : dut_configs(find_backend("digital"), variant)) v.push_back(s.params);
  return v;
}

std::vector<AnalogConfig> analog_configs() {
  std::vector<AnalogConfig> v;
  for (const MacroSetup& s : dut_configs(find_backend("analog"))) {
    v.push_back({s.params, s.analog.params});
  }
  return v;
}

}  // namespace cim
