// SPDX-License-Identifier: Apache-2.0
// What every cimsim subcommand shares: CLI11 validators that read numbers strictly (decimal only,
// in range, no wrap-around), the macro, backend and analog options, and output paths checked
// before any work is done.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "backend.h"
#include "environment.h"

namespace cim::cli {

// A decimal whole number in [lo, hi] ("010", "0x10", "1e3", "-1" and overflow are refused).
CLI::Validator whole(std::uint64_t lo, std::uint64_t hi);
// A finite decimal number in [lo, hi], or (lo, hi] when lo_open.
CLI::Validator real(double lo, double hi, bool lo_open = false);
// A file that can be written (its folder exists and is writable; the path is not a folder). Checks
// only: nothing is created.
CLI::Validator writable_file();

// Refuses a subcommand whose output file (--out, --json, --trace, --plot) is one of its input
// files (--model, --data, --labels, --weights, --inputs, --merge) by any path: writing it would
// lose the input. Throws CLI::ValidationError naming both options.
void refuse_outputs_over_inputs(const CLI::App& cmd);

// The macro and its backend, as options of a subcommand.
struct MacroOptions {
  std::string backend = "digital";
  std::string macro = "64x16x8x8";
  // The parameters with an option of their own (the record's cimsim), not --macro's.
  Params params;
  AnalogParams analog_params;
  AnalogSettings settings;
  std::string fault_map, adc_ranges, device;
  AnalogCost cost;

  // Adds --backend, --macro, an option per parameter outside the shape (rtl/cim_records.jsonc's
  // CIMSIM) and the analog options (one per analog_settings() entry).
  void add_to(CLI::App& app);
  // The backend and its setup, checked: throws CLI::ValidationError naming the option.
  const Backend& backend_checked() const;
  MacroSetup setup(std::uint64_t seed) const { return setup_for(backend_checked(), seed, true); }
  // The setup for backend `b` (a subcommand that runs several); the analog options are refused
  // when only_this_backend and `b` is not analog.
  MacroSetup setup_for(const Backend& b, std::uint64_t seed, bool only_this_backend) const;

 private:
  // Throws CLI::ValidationError naming an option given that `b` does not take: the other kind's
  // options, or a parameter of the kit's macro for another DUT.
  void refuse_options_not_for(const Backend& b) const;
  // The fault map and ADC range files into s's analog settings, read against its parameters.
  void read_setting_files(MacroSetup& s) const;

  CLI::App* app_ = nullptr;
};

// Throws CLI::ValidationError naming --abits or --wbits when it is above the macro's ABITS or
// WBITS (0, the macro's own, never is).
void check_bits_within(int abits, int wbits, const Params& p);

// The request precision: --abits, --wbits (0: the macro's ABITS / WBITS), --asigned, --wsigned.
struct PrecisionOptions {
  int abits = 0, wbits = 0;
  bool asigned = false, wsigned = false;

  void add_to(CLI::App& app);
  // Whether any of them was given.
  bool given() const;
  // The precision on this macro, checked against it and the backend: throws CLI::ValidationError
  // naming the option.
  Precision resolve(const Backend& b, const MacroSetup& s) const;

 private:
  CLI::App* app_ = nullptr;
};

// A waveform of the run: --trace FILE, narrowed by --trace-from and --trace-cycles.
struct TraceOptions {
  std::string path;
  std::uint64_t from = 0, cycles = 0;

  void add_to(CLI::App& app);
  // Throws CLI::ValidationError when the backend has no signals or a window has no file.
  void check(const Backend& b) const;
  void apply(ModelOptions& model) const;

 private:
  CLI::App* app_ = nullptr;
};

// The environment a subcommand's run is checked in: backend `b` on `s` and `seed`, the waveform
// `trace` asks for (none when null), a mismatch's waveform where mismatch_wave() puts it, and
// `command`, which reproduces the run, quoted in a failure.
EnvironmentOptions environment_options(const Backend& b, const MacroSetup& s, std::uint64_t seed,
                                       const TraceOptions* trace, const std::string& command);

// --seed, a decimal whole number of 64 bits, default as given.
void add_seed_option(CLI::App& app, std::uint64_t& seed, const std::string& what);
// --json FILE: the summary as JSON (docs/cimsim.md).
void add_json_option(CLI::App& app, std::string& path);
// The command line that reproduces a run: as typed, plus --seed when it was left to its default.
std::string reproducing(const std::string& command_line, const CLI::App& cmd, std::uint64_t seed);

// "8-bit unsigned activations x 8-bit signed weights".
std::string describe(const Precision& prec);
// One line on the backend and its macro: "digital macro 64x16 (WBITS 8, ABITS 8), ...".
std::string describe(const Backend& b, const MacroSetup& s);
// Where a mismatch's waveform goes: cimsim-mismatch-<backend>-<config>-seed<N>.fst.
std::string mismatch_wave(const Backend& b, const MacroSetup& s, std::uint64_t seed,
                          int instance = -1);
// The parameters of the macro, as --json reports them.
nlohmann::json params_json(const Backend& b, const MacroSetup& s);
// The head of a subcommand's --json: its schema, the backend, its configuration and parameters.
nlohmann::json json_head(const std::string& schema, const Backend& b, const MacroSetup& s);
// Writes a --json summary to `path`, atomically, as every subcommand writes it.
void write_json(const std::string& path, const nlohmann::json& j);
// cimsim --list-devices: every device preset, its values and their sources.
void print_device_presets(std::ostream& os);
nlohmann::json precision_json(const Precision& prec);

}  // namespace cim::cli
