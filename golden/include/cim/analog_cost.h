// SPDX-License-Identifier: Apache-2.0
// The analog macro's modelled costs: what synthesis cannot see (the conductance array, the 1-bit
// DACs driving its rows, the ADCs), each term a formula over technology figures with a public
// source (docs/analog.md, "What an inference costs"). The digital periphery is measured instead
// (make synth MACRO=analog); every report says which term is which.
//
//   array read, per conversion cycle:  sum over active rows and their devices of v_read^2 G t_read
//   row drive (1-bit DAC), per row that rises:  C_row v_read^2,  C_row = devices a row crosses x
//                                       cell width x wire capacitance per length
//   ADC, per conversion:               Walden FOM x 2^ADC_BITS (ENOB taken as ADC_BITS)
//   ADC conversion time:               ADC_BITS SAR bit cycles
//   T_array (the crossbar's share of the clock period): t_read + conversion time
//   array area: devices x cell area (1T1R, in F^2); ADC area: a published SAR's, by resolution
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cim/analog.h"
#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

// The technology figures, with their defaults' sources in analog_costs().
struct AnalogCost {
  double t_read_ns =
      10.0;  // read pulse: the rows at v_read while the bitlines settle and are sampled
  double wire_ff_per_um = 0.2;  // row wire capacitance per length
  double feature_nm = 180.0;    // the array's feature size F
  double cell_f2 = 48.0;       // 1T1R cell area in F^2 (4 F x 12 F; the row crosses its 12 F width)
  double cell_width_f = 12.0;  // a cell's width along the row, in F
  double adc_fom_fj = 6.51;    // Walden figure of merit, fJ per conversion step
  double adc_bit_ns = 0.104;   // a SAR bit cycle

  void validate() const;  // throws std::invalid_argument naming the figure
};

// One technology figure: the one description cimsim's options (--cost-<name>), the validation and
// docs/analog.md's table come from.
struct CostInfo {
  const char* name;  // cimsim --cost-<name, '_' as '-'>
  const char* unit;
  double AnalogCost::*number;
  double lo, hi;  // (lo, hi]
  const char* help;
  const char* source;
  std::string option() const;  // "cost-t-read-ns"
};
const std::vector<CostInfo>& analog_costs();

// The ADC of the source design at other resolutions (ISAAC's table, docs/analog.md): area in um^2
// at its 32 nm node, by resolution, log-linear between the tabulated 4..10 bits and beyond them
// at the end intervals' rates.
double adc_area_um2(int bits);

// What the modelled parts of one macro cost.
struct AnalogPartCosts {
  double adc_pj;      // one conversion
  double adc_ns;      // one conversion's time
  double t_array_ns;  // settle (t_read) plus convert: the period rule's T_array
  double row_ff;      // one row line's capacitance
  int adcs;           // ADCs in the macro
  double array_um2;   // every device
  double adcs_um2;    // every ADC, at the source design's node
};
AnalogPartCosts part_costs(const Params& p, const AnalogParams& a, const AnalogCost& c);

// Modelled energy, pJ, and the counts it came from.
struct AnalogEnergy {
  double array_pj = 0, dac_pj = 0, adc_pj = 0;
  std::uint64_t mvms = 0, conversions = 0, row_rises = 0, array_cycles = 0;
  double modelled_pj() const { return array_pj + dac_pj + adc_pj; }
  AnalogEnergy& operator+=(const AnalogEnergy& o);
  AnalogEnergy& operator-=(const AnalogEnergy& o);
};

// Meters the modelled energy of an analog macro's work from what crosses its ports: accepted
// writes (the weights, programmed at their ideal conductances: g_min + level x step on the device
// that carries a slice, g_min on its twin) and accepted requests (every activation bit converts
// ADC_SHARE phases, each a t_read with the bit's rows at v_read across every device of those rows,
// and one conversion per column pair; a row line charges when it rises from the bit before).
// Drift, noise and stuck devices are left out of the energy (they move conductances by a few
// percent); an out-of-range or unsupported request costs nothing modelled.
class AnalogEnergyMeter {
 public:
  AnalogEnergyMeter(const Params& p, const AnalogParams& a, const AnalogSettings& s,
                    const AnalogCost& c);

  void write(int row, const std::vector<std::uint32_t>& raw);
  void request(const std::vector<std::uint32_t>& act, const Precision& prec);
  // One cycle at the ports: the write and the request they accept (out of reset).
  void observe(const Inputs& in, const Outputs& out);

  const AnalogEnergy& energy() const { return e_; }
  const AnalogPartCosts& parts() const { return parts_; }

 private:
  Params p_;
  AnalogParams a_;
  AnalogSettings s_;
  AnalogCost c_;
  AnalogPartCosts parts_;
  std::vector<double> row_us_;   // per row: the sum of its devices' conductances, uS
  std::vector<bool> line_high_;  // each row line's level after the last bit
  AnalogEnergy e_;
};

}  // namespace cim
