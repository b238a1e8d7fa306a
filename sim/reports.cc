// SPDX-License-Identifier: Apache-2.0
#include "reports.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace cim {

std::string number_text(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

std::string significant_text(double v, int digits) {
  std::ostringstream s;
  s << std::setprecision(digits) << v;
  return s.str();
}

namespace {

// A row of the movement table: what, the macro's bits, the von Neumann engine's.
std::string movement_row(const char* what, std::uint64_t macro, std::uint64_t vn) {
  std::ostringstream s;
  s << "    " << std::left << std::setw(17) << what << std::right << std::setw(14) << macro
    << std::setw(18) << vn;
  return s.str();
}

}  // namespace

Summary movement_summary(const DataMovement& d) {
  // The counts in JSON alone; the bits in the table and JSON both.
  Summary s = Summary::of_json({{"macs", d.macs},
                                {"tiles", d.tiles},
                                {"rows_written", d.rows_written},
                                {"requests", d.requests},
                                {"reloads", d.reloads},
                                {"write_cycles", d.write_cycles},
                                {"reload_cycles", d.reload_cycles},
                                {"compute_cycles", d.compute_cycles},
                                {"hidden_write_cycles", d.hidden_write_cycles},
                                {"macs_per_compute_cycle", d.macs_per_compute_cycle()},
                                {"von_neumann",
                                 {{"weight_bits", d.von_neumann_weight_bits},
                                  {"activation_bits", d.von_neumann_activation_bits},
                                  {"result_bits", d.von_neumann_result_bits}}}});
  s.line("  data movement, bits          macro  von Neumann MAC")
      .add("weight_bits_written", d.weight_bits_written)
      .line(movement_row("weights", d.weight_bits_written, d.von_neumann_weight_bits))
      .add("activation_bits_in", d.activation_bits_in)
      .line(movement_row("activations", d.activation_bits_in, d.von_neumann_activation_bits))
      .add("result_bits_out", d.result_bits_out)
      .line(movement_row("results", d.result_bits_out, d.von_neumann_result_bits))
      .line(movement_row("total", d.macro_bits(), d.von_neumann_bits()));
  if (d.von_neumann_bits()) {
    s.line("    the macro moves " +
           significant_text(100.0 * double(d.macro_bits()) / double(d.von_neumann_bits()), 3) +
           " % of the von Neumann engine's bits");
  }
  return s;
}

Summary error_summary(const ErrorStats& e, const std::string& label) {
  const bool exact = e.rmse() == 0;
  std::string text = exact ? "exact" : "RMSE " + significant_text(e.rmse());
  text += " over " + std::to_string(e.outputs()) + " outputs";
  if (!exact) {
    text += ", max |error| " + significant_text(e.max_error()) + ", SNR " +
            significant_text(e.snr_db()) + " dB";
  }
  Summary s;
  s.add("outputs", e.outputs())
      .add("rmse", e.rmse())
      .add("max_error", e.max_error())
      .add("snr_db", std::isinf(e.snr_db()) ? nlohmann::json(nullptr) : nlohmann::json(e.snr_db()),
           label, text);
  return s;
}

Summary analog_energy_summary(const AnalogEnergy& e, const AnalogPartCosts& k,
                              const std::string& unit, double units) {
  const double n = units > 0 ? units : 1.0;
  const double total = e.modelled_pj();
  const double adc_share = total > 0 ? e.adc_pj / total : 0.0;
  const nlohmann::json counts = {{"mvms", e.mvms},
                                 {"conversions", e.conversions},
                                 {"row_rises", e.row_rises},
                                 {"array_cycles", e.array_cycles}};
  const nlohmann::json parts = {{"adc_pj_per_conversion", k.adc_pj},
                                {"adc_conversion_ns", k.adc_ns},
                                {"t_array_ns", k.t_array_ns},
                                {"row_ff", k.row_ff},
                                {"adcs", k.adcs},
                                {"array_um2", k.array_um2},
                                {"adcs_um2_at_32nm", k.adcs_um2}};
  // The energy in all and per unit: the parts and their sum.
  const auto pj = [&](double per) {
    return nlohmann::json{{"array", e.array_pj / per},
                          {"dac", e.dac_pj / per},
                          {"adc", e.adc_pj / per},
                          {"modelled", total / per}};
  };
  Summary s;
  s.add("modelled",
        "array, row drive (1-bit DAC) and ADC: the cost model of docs/analog.md; the digital "
        "periphery is measured by make synth MACRO=analog")
      .add("unit", unit)
      .add("units", units)
      .add("total_pj", pj(1.0))
      .add("per_unit_pj", pj(n))
      .add("adc_share_of_modelled", adc_share, "modelled energy",
           "per " + unit + ": array " + number_text(e.array_pj / n, 1) +
               " pJ, row drive (1-bit DACs) " + number_text(e.dac_pj / n, 1) + " pJ, ADCs " +
               number_text(e.adc_pj / n, 1) + " pJ (" + number_text(100 * adc_share, 0) +
               " % of the modelled " + number_text(total / n, 1) +
               " pJ; the cost model of docs/analog.md; the periphery is measured by make synth "
               "MACRO=analog)")
      .add("counts", counts)
      .add("parts", parts)
      .line(summary_label("modelled parts") + std::to_string(k.adcs) + " ADCs of " +
            number_text(k.adc_pj, 2) + " pJ a conversion (" + std::to_string(e.conversions) +
            " conversions); T_array " + number_text(k.t_array_ns, 2) + " ns (t_read + " +
            number_text(k.adc_ns, 2) + " ns converting)");
  return s;
}

}  // namespace cim
