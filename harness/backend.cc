// SPDX-License-Identifier: Apache-2.0
// The backends' face (backend.h) that needs no compiled model: names, checks, golden twins. The
// registry of DUTs and compiled models is generated per build (harness/verilated/models.cc.in).
#include "backend.h"

#include <algorithm>
#include <stdexcept>

#include "cim/cycle_model.h"

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

const std::vector<Backend>& backends() {
  static const std::vector<Backend> kBackends = [] {
    std::vector<Backend> v;
    for (const Dut& d : duts()) {
      if (d.macro == MacroKind::kDigital && v.empty()) {
        v.emplace_back("golden", MacroKind::kDigital,
                       "the C++ cycle model of cim_macro (any parameters)");
      }
      if (d.macro == MacroKind::kAnalog &&
          std::none_of(v.begin(), v.end(), [](const Backend& b) { return b.analog(); })) {
        v.emplace_back("analog-golden", MacroKind::kAnalog,
                       "the C++ cycle model with the analog crossbar (any parameters)");
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

void Backend::validate(const MacroSetup& s) const {
  if (analog()) {
    s.analog.params.validate(s.params);
    s.analog.settings.validate();
    adc_ranges(s.params, s.analog.params,
               s.analog.settings);  // one shift a column pair, each in range
    s.analog.cost.validate();
  } else {
    s.params.validate();
  }
}

std::string Backend::config_name(const MacroSetup& s) const {
  return analog() ? AnalogConfig{s.params, s.analog.params}.name() : s.params.name();
}

std::unique_ptr<CycleModel> Backend::make_golden(const MacroSetup& s) const {
  if (analog()) return std::make_unique<CycleModel>(s.params, s.analog.params, s.analog.settings);
  return std::make_unique<CycleModel>(s.params);
}

bool Backend::supports(const MacroSetup& s, const Precision& prec) const {
  if (!precision_in_range(s.params, prec)) return false;
  return !analog() || analog_precision_ok(s.params, s.analog.params, prec);
}

bool Backend::exact(const MacroSetup& s) const {
  if (!analog()) return true;
  const std::vector<int> shifts = adc_ranges(s.params, s.analog.params, s.analog.settings);
  return s.analog.settings.ideal() &&
         s.analog.params.adc_bits >= s.analog.params.exact_adc_bits(s.params) &&
         std::all_of(shifts.begin(), shifts.end(), [](int k) { return k == 0; });
}

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
