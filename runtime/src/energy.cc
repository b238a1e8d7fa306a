// SPDX-License-Identifier: Apache-2.0
#include "cim/energy.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cim/array_file.h"
#include "macro_kind.h"

namespace cim {

SynthReport read_synth_report(const std::string& path) {
  try {
    std::ifstream in(path);
    const nlohmann::json j = nlohmann::json::parse(in);
    const nlohmann::json& eff = j.at("efficiency");
    SynthReport r;
    r.path = path;
    r.pj_per_cycle =
        eff.at("energy_per_mvm_pj").get<double>() / eff.at("cycles_per_mvm").get<double>();
    r.at_mhz = j.at("power").at("at_mhz").get<double>();
    r.macro = macro_kind_named(j.at("config").at("MACRO").get<std::string>());
    for (const auto& [k, v] : j.at("config").items()) {
      if (k != "MACRO") r.config += (r.config.empty() ? "" : " ") + k + "=" + v.dump();
    }
    if (!(r.pj_per_cycle > 0) || !(r.at_mhz > 0))
      throw std::invalid_argument("energy or clock not above 0");
    // The whole macro's peak density: the analog report's with its crossbar modelled, the
    // digital one's.
    const nlohmann::json whole =
        j.value(macro_kind(r.macro).density_section(), nlohmann::json::object());
    if (whole.contains("tops_per_mm2")) r.tops_per_mm2 = whole.at("tops_per_mm2").get<double>();
    return r;
  } catch (const std::exception& e) {
    throw InputError(path + ": not a make synth report.json (" + e.what() + ")");
  }
}

double PricedEnergy::adc_share() const {
  const double t = total();
  return t > 0 ? adc / t : 0.0;
}

PricedEnergy PricedEnergy::per(double units) const {
  return {array / units, dac / units, adc / units, measured / units, priced};
}

PricedEnergy& PricedEnergy::operator+=(const PricedEnergy& o) {
  array += o.array;
  dac += o.dac;
  adc += o.adc;
  measured += o.measured;
  priced = priced && o.priced;
  return *this;
}

bool EnergyPricer::add(SynthReport report) {
  const MacroKind macro = report.macro;
  return reports_.emplace(macro, std::move(report)).second;
}

const SynthReport* EnergyPricer::report(MacroKind macro) const {
  const auto r = reports_.find(macro);
  return r == reports_.end() ? nullptr : &r->second;
}

PricedEnergy EnergyPricer::price(MacroKind macro, std::uint64_t cycles,
                                 const AnalogEnergy& modelled) const {
  PricedEnergy e{modelled.array_pj, modelled.dac_pj, modelled.adc_pj, 0, false};
  if (const SynthReport* r = report(macro)) {
    e.priced = true;
    e.measured = r->pj_per_cycle * double(cycles);
  }
  return e;
}

}  // namespace cim
