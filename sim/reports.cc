// SPDX-License-Identifier: Apache-2.0
#include "reports.h"

#include <cmath>
#include <iomanip>
#include <iostream>

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
              << " % of the von Neumann engine's bits\n" << std::setprecision(6);
  }
}

nlohmann::json error_json(const ErrorStats& e) {
  return {{"outputs", e.outputs()},
          {"rmse", e.rmse()},
          {"max_error", e.max_error()},
          {"snr_db", std::isinf(e.snr_db()) ? nlohmann::json(nullptr) : nlohmann::json(e.snr_db())}};
}

}  // namespace cim
