// What every cimsim subcommand shares: CLI11 validators that read numbers strictly (decimal only,
// in range, no wrap-around), the macro, backend and analog options, and output paths checked
// before any work is done.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "models.h"

namespace cim::cli {

// A decimal whole number in [lo, hi] ("010", "0x10", "1e3", "-1" and overflow are refused).
CLI::Validator whole(std::uint64_t lo, std::uint64_t hi);
// A finite decimal number in [lo, hi], or (lo, hi] when lo_open.
CLI::Validator real(double lo, double hi, bool lo_open = false);
// A file that can be written (its folder exists and is writable; the path is not a folder). Checks
// only: nothing is created.
CLI::Validator writable_file();

// The macro and its backend, as options of a subcommand.
struct MacroOptions {
  std::string backend = "digital";
  std::string macro = "64x16x8x8";
  int cell_bits = AnalogParams{}.cell_bits;
  int adc_bits = AnalogParams{}.adc_bits;
  int adc_share = AnalogParams{}.adc_share;
  AnalogSettings settings;
  std::string fault_map;

  // Adds --backend, --macro and the analog options (one per analog_settings() entry).
  void add_to(CLI::App& app);
  // The backend and its setup, checked: throws CLI::ValidationError naming the option.
  const Backend& backend_checked() const;
  MacroSetup setup(std::uint64_t seed) const;

 private:
  CLI::App* app_ = nullptr;
};

}  // namespace cim::cli
