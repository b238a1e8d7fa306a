// SPDX-License-Identifier: Apache-2.0
// Energy, priced in one place: what make synth measured of a macro (its report.json, read here
// and nowhere else) prices the cycles a run spends on it; the analog crossbar's array, row drive
// and ADCs come from the cost model (cim/analog_cost.h), which no report measures.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "backend.h"
#include "cim/analog_cost.h"

namespace cim {

// What make synth measured of one macro: the whole digital macro, or the analog macro's digital
// periphery, per clock cycle of the report's activity run.
struct SynthReport {
  std::string path;
  std::string config;  // its parameters, "ROWS=64 COLS=16 ..."
  MacroKind macro = MacroKind::kDigital;
  double pj_per_cycle = 0, at_mhz = 0;
  double tops_per_mm2 = 0;  // the whole macro's, peak (0: not in the report)
};
// Reads a make synth report.json. Throws InputError naming the file.
SynthReport read_synth_report(const std::string& path);

// The energy of some work, pJ: the crossbar's parts modelled, the synthesized part measured.
struct PricedEnergy {
  double array = 0, dac = 0, adc = 0, measured = 0;
  bool priced = true;  // every cycle priced by a make synth report (else `measured` is 0)
  double modelled() const { return array + dac + adc; }
  double total() const { return array + dac + adc + measured; }
  double adc_share() const;              // of the total; 0 when it is 0
  PricedEnergy per(double units) const;  // each part divided by `units`
  PricedEnergy& operator+=(const PricedEnergy& o);
};

// Prices work with make synth's reports, at most one a macro kind.
class EnergyPricer {
 public:
  // False (and nothing added) when a report of its kind is already in.
  bool add(SynthReport report);
  const SynthReport* report(MacroKind macro) const;
  const std::map<MacroKind, SynthReport>& reports() const { return reports_; }
  // `cycles` on a `macro`, with `modelled` the crossbar's modelled energy of the same work.
  PricedEnergy price(MacroKind macro, std::uint64_t cycles, const AnalogEnergy& modelled) const;

 private:
  std::map<MacroKind, SynthReport> reports_;
};

}  // namespace cim
