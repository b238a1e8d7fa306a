// SPDX-License-Identifier: Apache-2.0
#include "reports.h"

#include <cmath>
#include <iomanip>
#include <iostream>

#include "cim/array_file.h"

namespace cim {

nlohmann::json movement_json(const DataMovement& d) {
  return {{"macs", d.macs},
          {"tiles", d.tiles},
          {"rows_written", d.rows_written},
          {"requests", d.requests},
          {"weight_bits_written", d.weight_bits_written},
          {"activation_bits_in", d.activation_bits_in},
          {"result_bits_out", d.result_bits_out},
          {"reloads", d.reloads},
          {"write_cycles", d.write_cycles},
          {"reload_cycles", d.reload_cycles},
          {"compute_cycles", d.compute_cycles},
          {"hidden_write_cycles", d.hidden_write_cycles},
          {"macs_per_compute_cycle", d.macs_per_compute_cycle()},
          {"von_neumann",
           {{"weight_bits", d.von_neumann_weight_bits},
            {"activation_bits", d.von_neumann_activation_bits},
            {"result_bits", d.von_neumann_result_bits}}}};
}

void print_movement(const DataMovement& d) {
  const auto row = [](const char* what, std::uint64_t macro, std::uint64_t vn) {
    std::cout << "    " << std::left << std::setw(17) << what << std::right << std::setw(14)
              << macro << std::setw(18) << vn << "\n";
  };
  std::cout << "  data movement, bits          macro  von Neumann MAC\n";
  row("weights", d.weight_bits_written, d.von_neumann_weight_bits);
  row("activations", d.activation_bits_in, d.von_neumann_activation_bits);
  row("results", d.result_bits_out, d.von_neumann_result_bits);
  row("total", d.macro_bits(), d.von_neumann_bits());
  if (d.von_neumann_bits()) {
    std::cout << "    the macro moves " << std::setprecision(3)
              << 100.0 * double(d.macro_bits()) / double(d.von_neumann_bits())
              << " % of the von Neumann engine's bits\n"
              << std::setprecision(6);
  }
}

nlohmann::json error_json(const ErrorStats& e) {
  return {
      {"outputs", e.outputs()},
      {"rmse", e.rmse()},
      {"max_error", e.max_error()},
      {"snr_db", std::isinf(e.snr_db()) ? nlohmann::json(nullptr) : nlohmann::json(e.snr_db())}};
}

}  // namespace cim

namespace cim {

nlohmann::json analog_energy_json(const AnalogEnergy& e, const AnalogPartCosts& k,
                                  const std::string& unit, double units) {
  const double n = units > 0 ? units : 1.0;
  const double total = e.modelled_pj();
  return {{"modelled",
           "array, row drive (1-bit DAC) and ADC: the cost model of docs/analog.md; the "
           "digital periphery is measured by make synth MACRO=analog"},
          {"unit", unit},
          {"units", units},
          {"total_pj",
           {{"array", e.array_pj}, {"dac", e.dac_pj}, {"adc", e.adc_pj}, {"modelled", total}}},
          {"per_unit_pj",
           {{"array", e.array_pj / n},
            {"dac", e.dac_pj / n},
            {"adc", e.adc_pj / n},
            {"modelled", total / n}}},
          {"adc_share_of_modelled", total > 0 ? e.adc_pj / total : 0.0},
          {"counts",
           {{"mvms", e.mvms},
            {"conversions", e.conversions},
            {"row_rises", e.row_rises},
            {"array_cycles", e.array_cycles}}},
          {"parts",
           {{"adc_pj_per_conversion", k.adc_pj},
            {"adc_conversion_ns", k.adc_ns},
            {"t_array_ns", k.t_array_ns},
            {"row_ff", k.row_ff},
            {"adcs", k.adcs},
            {"array_um2", k.array_um2},
            {"adcs_um2_at_32nm", k.adcs_um2}}}};
}

void print_analog_energy(const AnalogEnergy& e, const AnalogPartCosts& k, const std::string& unit,
                         double units) {
  const double n = units > 0 ? units : 1.0;
  const double total = e.modelled_pj();
  std::cout << std::fixed << std::setprecision(1) << "  modelled energy    per " << unit
            << ": array " << e.array_pj / n << " pJ, row drive (1-bit DACs) " << e.dac_pj / n
            << " pJ, ADCs " << e.adc_pj / n << " pJ (" << std::setprecision(0)
            << (total > 0 ? 100 * e.adc_pj / total : 0.0) << " % of the modelled "
            << std::setprecision(1) << total / n
            << " pJ; the cost model of docs/analog.md; the periphery is measured by make synth "
               "MACRO=analog)\n"
            << std::setprecision(2) << "  modelled parts     " << k.adcs << " ADCs of " << k.adc_pj
            << " pJ a conversion (" << e.conversions << " conversions); T_array " << k.t_array_ns
            << " ns (t_read + " << k.adc_ns << " ns converting)\n"
            << std::defaultfloat << std::setprecision(6);
}

}  // namespace cim
