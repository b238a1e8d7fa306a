// SPDX-License-Identifier: Apache-2.0
#include "cim/analog_cost.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace cim {
namespace {

// ISAAC's ADC at resolutions 4..10 bits (Shafiee et al., ISCA 2016, after Kull et al., ISSCC 2013,
// scaled by Saberi et al., TCAS-I 2011), area in um^2 at 32 nm, as Accelergy's hwcomponents-library
// (isaac.py) tabulates it.
constexpr int kAdcTableFirstBits = 4;
constexpr double kAdcAreaUm2[] = {361.04, 476.91, 626.91, 845.18, 1200.0, 1827.911647, 3002.008032};
constexpr int kAdcTableSize = sizeof kAdcAreaUm2 / sizeof kAdcAreaUm2[0];

}  // namespace

const std::vector<CostInfo>& analog_costs() {
  using C = AnalogCost;
  static const std::vector<CostInfo> kCosts = {
      {"t_read_ns", "ns", &C::t_read_ns, 0.0, 1e6,
       "read pulse: the rows at v_read while the bitlines settle and are sampled",
       "NeuroSim (DNN_NeuroSim_V1.3 Param.cpp) readPulseWidth = 10 ns"},
      {"wire_ff_per_um", "fF/um", &C::wire_ff_per_um, 0.0, 100.0, "row wire capacitance per length",
       "NeuroSim (DNN_NeuroSim_V1.3) unitLengthWireCap = 0.2 fF/um"},
      {"feature_nm", "nm", &C::feature_nm, 0.0, 1e4, "the array's feature size F",
       "the periphery's library: OSU 0.18 um"},
      {"cell_f2", "F^2", &C::cell_f2, 0.0, 1e4, "1T1R cell area", "NeuroSim 1T1R cell: 4 F x 12 F"},
      {"cell_width_f", "F", &C::cell_width_f, 0.0, 1e3, "a cell's width along its row line",
       "NeuroSim widthInFeatureSize1T1R = 12"},
      {"adc_fom_fj", "fJ/step", &C::adc_fom_fj, 0.0, 1e6,
       "ADC Walden figure of merit P / (2^ENOB f_s)",
       "ISAAC's 8-bit 1.2 GS/s SAR (Kull et al., ISSCC 2013): 1.67 pJ a conversion / 2^8"},
      {"adc_bit_ns", "ns", &C::adc_bit_ns, 0.0, 1e6,
       "a SAR ADC's bit cycle (a conversion takes ADC_BITS)", "the same SAR: 1 / 1.2 GHz / 8 bits"},
  };
  return kCosts;
}

std::string CostInfo::option() const {
  std::string o = std::string("cost-") + name;
  for (char& c : o) {
    if (c == '_') c = '-';
  }
  return o;
}

void AnalogCost::validate() const {
  for (const CostInfo& info : analog_costs()) {
    const double v = this->*info.number;
    if (!(std::isfinite(v) && v > info.lo && v <= info.hi)) {
      char text[160];
      std::snprintf(text, sizeof text, "cost figure %s=%g is out of range (%g, %g] %s", info.name,
                    v, info.lo, info.hi, info.unit);
      throw std::invalid_argument(text);
    }
  }
}

double adc_area_um2(int bits) {
  const int i = bits - kAdcTableFirstBits;
  if (i >= 0 && i < kAdcTableSize) return kAdcAreaUm2[i];
  if (i < 0) return kAdcAreaUm2[0] * std::pow(kAdcAreaUm2[0] / kAdcAreaUm2[1], -i);
  const double rate = kAdcAreaUm2[kAdcTableSize - 1] / kAdcAreaUm2[kAdcTableSize - 2];
  return kAdcAreaUm2[kAdcTableSize - 1] * std::pow(rate, i - (kAdcTableSize - 1));
}

AnalogPartCosts part_costs(const Params& p, const AnalogParams& a, const AnalogCost& c) {
  AnalogPartCosts k;
  const int pairs = p.cols * a.slices(p);
  const double devices_per_row = 2.0 * pairs;
  k.adc_pj = c.adc_fom_fj * std::ldexp(1.0, a.adc_bits) * 1e-3;
  k.adc_ns = c.adc_bit_ns * a.adc_bits;
  k.t_array_ns = c.t_read_ns + k.adc_ns;
  k.row_ff = devices_per_row * c.cell_width_f * c.feature_nm * 1e-3 * c.wire_ff_per_um;
  k.adcs = (pairs + a.adc_share - 1) / a.adc_share;
  const double f_um = c.feature_nm * 1e-3;
  k.array_um2 = double(p.rows) * devices_per_row * c.cell_f2 * f_um * f_um;
  k.adcs_um2 = k.adcs * adc_area_um2(a.adc_bits);
  return k;
}

AnalogEnergy& AnalogEnergy::operator+=(const AnalogEnergy& o) {
  array_pj += o.array_pj;
  dac_pj += o.dac_pj;
  adc_pj += o.adc_pj;
  mvms += o.mvms;
  conversions += o.conversions;
  row_rises += o.row_rises;
  array_cycles += o.array_cycles;
  return *this;
}

AnalogEnergy& AnalogEnergy::operator-=(const AnalogEnergy& o) {
  array_pj -= o.array_pj;
  dac_pj -= o.dac_pj;
  adc_pj -= o.adc_pj;
  mvms -= o.mvms;
  conversions -= o.conversions;
  row_rises -= o.row_rises;
  array_cycles -= o.array_cycles;
  return *this;
}

AnalogEnergyMeter::AnalogEnergyMeter(const Params& p, const AnalogParams& a,
                                     const AnalogSettings& s, const AnalogCost& c)
    : p_(p), a_(a), s_(s), c_(c), parts_(part_costs(p, a, c)) {
  a_.validate(p_);
  s_.validate();
  c_.validate();
  // An unprogrammed row: every device at g_min.
  row_us_.assign(std::size_t(p_.rows), 2.0 * p_.cols * a_.slices(p_) * s_.g_min_us);
  line_high_.assign(std::size_t(p_.rows), false);
}

void AnalogEnergyMeter::write(int row, const std::vector<std::uint32_t>& raw) {
  if (row < 0 || row >= p_.rows) return;  // the macro ignores it
  const int slices = a_.slices(p_);
  const double step = (s_.g_max_us - s_.g_min_us) / double((1 << a_.cell_bits) - 1);
  double sum = 0.0;
  for (int c = 0; c < p_.cols; ++c) {
    for (int s = 0; s < slices; ++s) {
      const int lsb = s == slices - 1 ? p_.wbits - 1 : s * a_.cell_bits;
      const int width = s == slices - 1 ? 1 : std::min(a_.cell_bits, p_.wbits - 1 - lsb);
      const int level = int((raw[std::size_t(c)] >> lsb) & ((1u << width) - 1));
      sum += 2.0 * s_.g_min_us + level * step;  // the carrying device and its twin
    }
  }
  row_us_[std::size_t(row)] = sum;
}

void AnalogEnergyMeter::observe(const Inputs& in, const Outputs& out) {
  if (!in.rst_n) return;
  if (in.wr_valid && out.wr_ready) write(int(in.wr_row), in.wr_data);
  if (in.req_valid && out.req_ready) {
    request(in.req_act, Precision{int(in.req_abits), int(in.req_wbits), bool(in.req_asigned),
                                  bool(in.req_wsigned)});
  }
}

void AnalogEnergyMeter::request(const std::vector<std::uint32_t>& act, const Precision& prec) {
  if (!analog_precision_ok(p_, a_, prec)) return;
  const double v2 = s_.v_read * s_.v_read;
  const int pairs = p_.cols * a_.slices(p_);
  for (int bit = prec.abits - 1; bit >= 0; --bit) {
    double active_us = 0.0;
    for (int r = 0; r < p_.rows; ++r) {
      const bool high = (act[std::size_t(r)] >> bit) & 1;
      if (high) active_us += row_us_[std::size_t(r)];
      if (high && !line_high_[std::size_t(r)]) ++e_.row_rises;
      line_high_[std::size_t(r)] = high;
    }
    // uS x V^2 x ns = fJ; fF x V^2 = fJ.
    e_.array_pj += a_.adc_share * v2 * active_us * c_.t_read_ns * 1e-3;
    e_.array_cycles += std::uint64_t(a_.adc_share);
    e_.conversions += std::uint64_t(pairs);
  }
  e_.mvms += 1;
  // The rows fall after the request (an idle macro drives none): the next starts from low.
  line_high_.assign(line_high_.size(), false);
  e_.dac_pj = double(e_.row_rises) * parts_.row_ff * v2 * 1e-3;
  e_.adc_pj = double(e_.conversions) * parts_.adc_pj;
}

}  // namespace cim
