// SPDX-License-Identifier: Apache-2.0
#include "cli.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "cim/array_file.h"

namespace cim::cli {
namespace {

std::string text_of(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The option that sets what a validation message names: "parameter CELL_BITS=5 ..." is
// --cell-bits, "setting g_min ..." is --g-min; the digital parameters come from --macro.
std::string option_named_in(const std::string& message) {
  static const std::regex named(R"(^(parameter|setting) ([A-Za-z_]+))");
  std::smatch m;
  std::string name = "macro";
  if (std::regex_search(message, m, named)) {
    const std::string n = m[2];
    const bool analog_param = n == "CELL_BITS" || n == "ADC_BITS" || n == "ADC_SHARE";
    if (m[1] == "setting" || analog_param) {
      name.clear();
      for (char c : n) name += c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return "--" + name;
}

}  // namespace

CLI::Validator whole(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& s) -> std::string {
        const bool digits = !s.empty() && s.size() <= 20 &&
                            s.find_first_not_of("0123456789") == std::string::npos &&
                            (s.size() == 1 || s[0] != '0');
        errno = 0;
        const unsigned long long v = digits ? std::strtoull(s.c_str(), nullptr, 10) : 0;
        if (!digits || errno == ERANGE || v < lo || v > hi) {
          return "'" + s + "' is not a whole number in " + range;
        }
        return {};
      },
      "INT in " + range);
}

CLI::Validator real(double lo, double hi, bool lo_open) {
  const std::string range = (lo_open ? "(" : "[") + text_of(lo) + ", " + text_of(hi) + "]";
  return CLI::Validator(
      [lo, hi, lo_open, range](std::string& s) -> std::string {
        // Decimal only: strtod alone would also take blanks before the number, hexadecimal
        // ("0x1e"), "infinity", and stop at a NUL inside the text (found by make fuzz).
        const bool decimal =
            !s.empty() && s.find_first_not_of("0123456789+-.eE") == std::string::npos;
        char* end = nullptr;
        const double v = decimal ? std::strtod(s.c_str(), &end) : NAN;
        const bool ok = decimal && end == s.c_str() + s.size() && std::isfinite(v) &&
                        (lo_open ? v > lo : v >= lo) && v <= hi;
        return ok ? std::string() : "'" + s + "' is not a number in " + range;
      },
      "NUM in " + range);
}

CLI::Validator writable_file() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        namespace fs = std::filesystem;
        if (s.empty()) return "the file name is empty";
        const fs::path p(s);
        if (fs::is_directory(p)) return "'" + s + "' is a folder, not a file";
        const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
        if (!fs::is_directory(dir))
          return "'" + s + "': the folder " + dir.string() + " does not exist";
        if (access(dir.c_str(), W_OK) != 0) return "'" + s + "': the folder is not writable";
        if (fs::exists(p) && access(p.c_str(), W_OK) != 0) return "'" + s + "' is not writable";
        return {};
      },
      "FILE");
}

void MacroOptions::add_to(CLI::App& app) {
  app_ = &app;
  std::string names, help = "the model to run:";
  for (const Backend& b : backends()) {
    names += (names.empty() ? "" : ",") + b.name();
    help += "\n  " + b.name() + ": " + b.description();
  }
  app.add_option("--backend", backend, help)
      ->check(CLI::IsMember(CLI::detail::split(names, ',')))
      ->capture_default_str();
  app.add_option("--macro", macro,
                 "ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE]; a Verilated backend has the compiled "
                 "sets (make sim ROWS=... builds another)")
      ->capture_default_str();
  const std::string analog = "Analog backends (docs/analog.md; device draws use --seed)";
  const std::string digital = "Digital macro";
  const auto param_option = [&](const ParamInfo& r, int& field, const std::string& group) {
    if (std::string(r.cimsim) == "--macro") return;
    std::string help = std::string(r.name) + ", " + r.meaning;
    if (*r.rule) help += " (" + std::string(r.rule) + ")";
    app.add_option(r.cimsim, field, help)
        ->check(whole(r.lo, r.hi))
        ->capture_default_str()
        ->group(group);
  };
#define CIM_OPTION(constant, field) \
  param_option(limits::constant, params.field, limits::constant.taken_by_analog() ? "" : digital);
  CIM_PARAM_FIELDS(CIM_OPTION)
#undef CIM_OPTION
#define CIM_OPTION(constant, field) param_option(limits::constant, analog_params.field, analog);
  CIM_ANALOG_PARAM_FIELDS(CIM_OPTION)
#undef CIM_OPTION
  for (const SettingInfo& s : analog_settings()) {
    const std::string help = std::string(s.help) + (*s.unit ? ", " + std::string(s.unit) : "");
    if (s.number) {
      app.add_option("--" + s.option(), settings.*s.number, help)
          ->check(real(s.lo, s.hi, s.lo_open))
          ->capture_default_str()
          ->group(analog);
    } else {
      app.add_flag("--" + s.option(), settings.*s.flag, help)->group(analog);
    }
  }
  app.add_option("--fault-map", fault_map, "stuck devices, 'row col slice +|- min|max' a line")
      ->check(CLI::ExistingFile)
      ->group(analog);
  std::string presets;
  for (const DevicePreset& d : device_presets())
    presets += (presets.empty() ? "" : ", ") + std::string(d.name);
  app.add_option("--device", device,
                 "a device preset (" + presets +
                     "; cimsim --list-devices shows their values and "
                     "sources): its settings, under any given by hand")
      ->check([](const std::string& v) -> std::string {
        try {
          find_device_preset(v);
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
        return "";
      })
      ->group(analog);
  app.add_option("--adc-ranges", adc_ranges,
                 "calibrated ADC ranges, 'col slice shift' a line: that column pair's ADC LSB is "
                 "2^shift conductance levels (pairs not listed: --adc-range's)")
      ->check(CLI::ExistingFile)
      ->group(analog);
  const std::string costs = "Analog cost model (docs/analog.md; changes no simulated value)";
  for (const CostInfo& c : analog_costs()) {
    app.add_option("--" + c.option(), cost.*c.number, std::string(c.help) + ", " + c.unit)
        ->check(real(c.lo, c.hi, true))
        ->capture_default_str()
        ->group(costs);
  }
}

const Backend& MacroOptions::backend_checked() const { return find_backend(backend); }

MacroSetup MacroOptions::setup_for(const Backend& b, std::uint64_t seed,
                                   bool only_this_backend) const {
  static const std::regex shape(R"((\d{1,7})x(\d{1,7})x(\d{1,3})x(\d{1,3})(?:x(\d{1,3}))?)");
  std::smatch m;
  if (!std::regex_match(macro, m, shape)) {
    throw CLI::ValidationError("--macro", "'" + macro +
                                              "' is not ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE] "
                                              "(e.g. 64x16x8x8)");
  }
  MacroSetup s;
  s.params = params;
  s.params.rows = std::stoi(m[1]);
  s.params.cols = std::stoi(m[2]);
  s.params.wbits = std::stoi(m[3]);
  s.params.abits = std::stoi(m[4]);
  s.params.abits_per_cycle = m[5].matched ? std::stoi(m[5]) : 1;
  if (only_this_backend) refuse_options_not_for(b);
  s.analog.params = analog_params;
  // A DUT built at other sizes than the default: without --macro, its first compiled set.
  if (app_->count("--macro") == 0 && b.verilated() && !b.available(s)) {
    const std::vector<MacroSetup> sets = dut_configs(b);
    if (!sets.empty()) {
      s.params = sets.front().params;
      bool analog_given = false;
      for (const ParamValue& v : analog_params.values()) {
        analog_given = analog_given || app_->count(v.info->cimsim) > 0;
      }
      if (!analog_given) s.analog.params = sets.front().analog.params;
    }
  }
  s.analog.settings = settings;
  if (!device.empty()) {
    std::vector<std::string> by_hand;
    for (const SettingInfo& info : analog_settings()) {
      if (app_->count("--" + info.option()) > 0) by_hand.push_back(info.name);
    }
    apply_device_preset(find_device_preset(device), s.analog.settings, by_hand);
  }
  s.analog.settings.seed = seed;
  s.analog.cost = cost;
  try {
    b.validate(s);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError(option_named_in(e.what()), e.what());
  }
  read_setting_files(s);
  if (!b.available(s)) {
    try {
      b.make(s);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--macro", e.what());
    }
  }
  return s;
}

void MacroOptions::refuse_options_not_for(const Backend& b) const {
  for (const CLI::Option* o : app_->get_options()) {
    if (o->count() == 0) continue;
    // An option of another kind's group (its group starts with that kind's option_group()).
    for (MacroKind k : macro_kinds()) {
      const MacroKindSpec& other = macro_kind(k);
      if (k != b.macro() && o->get_group().rfind(other.option_group(), 0) == 0) {
        throw CLI::ValidationError(o->get_name(),
                                   std::string("only for the ") + other.name() + " backends");
      }
    }
  }
  // A parameter of the kit's macro only (the record's macros without dut): another
  // DUT does not take it.
  const bool kit_macro = b.name() == "digital" || b.name() == "analog";
  if (b.dut() && !kit_macro) {
    for (const ParamValue& v : params.values()) {
      if (!(v.info->takers & kParamOfDut) && app_->count(v.info->cimsim) > 0) {
        throw CLI::ValidationError(v.info->cimsim, std::string("a parameter of the kit's macro: ") +
                                                       b.name() + " does not take it");
      }
    }
  }
}

void MacroOptions::read_setting_files(MacroSetup& s) const {
  if (!fault_map.empty()) {
    try {
      s.analog.settings.faults = read_fault_map(fault_map, s.params, s.analog.params);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--fault-map", e.what());
    }
  }
  if (!adc_ranges.empty()) {
    try {
      s.analog.settings.adc_shifts =
          read_adc_ranges(adc_ranges, s.params, s.analog.params, s.analog.settings);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--adc-ranges", e.what());
    }
  }
}

void PrecisionOptions::add_to(CLI::App& app) {
  app_ = &app;
  app.add_option("--abits", abits, "activation precision 1..ABITS (default ABITS)")
      ->check(whole(1, limits::kAbits.hi));
  app.add_option("--wbits", wbits, "weight precision 1..WBITS (default WBITS)")
      ->check(whole(1, limits::kWbits.hi));
  app.add_flag("--asigned", asigned, "two's complement activations");
  app.add_flag("--wsigned", wsigned, "two's complement weights");
}

bool PrecisionOptions::given() const {
  return app_->count("--abits") || app_->count("--wbits") || asigned || wsigned;
}

void check_bits_within(int abits, int wbits, const Params& p) {
  if (abits > p.abits) {
    throw CLI::ValidationError(
        "--abits", std::to_string(abits) + " is above ABITS=" + std::to_string(p.abits));
  }
  if (wbits > p.wbits) {
    throw CLI::ValidationError(
        "--wbits", std::to_string(wbits) + " is above WBITS=" + std::to_string(p.wbits));
  }
}

Precision PrecisionOptions::resolve(const Backend& b, const MacroSetup& s) const {
  const Params& p = s.params;
  check_bits_within(abits, wbits, p);
  const Precision prec{abits ? abits : p.abits, wbits ? wbits : p.wbits, asigned, wsigned};
  if (!b.supports(s, prec)) {
    throw CLI::ValidationError(
        "--wbits", "the analog macro with CELL_BITS=" + std::to_string(s.analog.params.cell_bits) +
                       " computes only wbits = WBITS = " + std::to_string(p.wbits) +
                       " (a device holding several weight bits cannot drop some)");
  }
  return prec;
}

void TraceOptions::add_to(CLI::App& app) {
  app_ = &app;
  app.add_option("--trace", path, "write an FST waveform to this file")->check(writable_file());
  app.add_option("--trace-from", from, "first cycle in the waveform (from reset)")
      ->check(whole(0, ~0ull));
  app.add_option("--trace-cycles", cycles, "cycles in the waveform (default: to the end)")
      ->check(whole(1, ~0ull));
}

void TraceOptions::check(const Backend& b) const {
  if (!path.empty() && !b.verilated()) {
    throw CLI::ValidationError("--trace", "the " + b.name() +
                                              " backend has no signals to trace (use a Verilated "
                                              "backend: digital or analog)");
  }
  if ((app_->count("--trace-from") || app_->count("--trace-cycles")) && path.empty()) {
    throw CLI::ValidationError("--trace-from/--trace-cycles", "need --trace FILE");
  }
}

void TraceOptions::apply(ModelOptions& model) const {
  model.trace_path = path;
  model.trace_from = from;
  model.trace_cycles = cycles;
}

void add_seed_option(CLI::App& app, std::uint64_t& seed, const std::string& what) {
  app.add_option("--seed", seed, "random seed (" + what + ")")
      ->check(whole(0, ~0ull))
      ->capture_default_str();
}

void refuse_outputs_over_inputs(const CLI::App& cmd) {
  const auto values = [&](const char* name) {
    const CLI::Option* o = cmd.get_option_no_throw(name);
    return o ? o->results() : std::vector<std::string>{};
  };
  for (const char* out : {"--out", "--json", "--trace", "--plot"}) {
    for (const std::string& written : values(out)) {
      for (const char* in : {"--model", "--data", "--labels", "--weights", "--inputs", "--merge"}) {
        for (const std::string& read : values(in)) {
          std::error_code ec;
          if (std::filesystem::equivalent(written, read, ec)) {
            throw CLI::ValidationError(out,
                                       "'" + written + "' is the " + in + " file; write elsewhere");
          }
        }
      }
    }
  }
}

void add_json_option(CLI::App& app, std::string& path) {
  app.add_option("--json", path, "write the summary to this file as JSON (docs/cimsim.md)")
      ->check(writable_file());
}

std::string reproducing(const std::string& command_line, const CLI::App& cmd, std::uint64_t seed) {
  return command_line + (cmd.count("--seed") ? "" : " --seed " + std::to_string(seed));
}

std::string describe(const Precision& prec) {
  return std::to_string(prec.abits) + "-bit " + (prec.asigned ? "signed" : "unsigned") +
         " activations x " + std::to_string(prec.wbits) + "-bit " +
         (prec.wsigned ? "signed" : "unsigned") + " weights";
}

std::string mismatch_wave(const Backend& b, const MacroSetup& s, std::uint64_t seed, int instance) {
  return "cimsim-mismatch-" + b.name() + "-" + b.config_name(s) + "-seed" + std::to_string(seed) +
         (instance >= 0 ? "-m" + std::to_string(instance) : "") + ".fst";
}

std::string describe(const Backend& b, const MacroSetup& s) {
  const Params& p = s.params;
  return b.name() + " macro " + std::to_string(p.rows) + "x" + std::to_string(p.cols) + " (WBITS " +
         std::to_string(p.wbits) + ", ABITS " + std::to_string(p.abits) +
         (p.abits_per_cycle == 1
              ? ""
              : ", " + std::to_string(p.abits_per_cycle) + " activation bits per cycle") +
         b.kind().describe(s) + ")";
}

nlohmann::json params_json(const Backend& b, const MacroSetup& s) {
  nlohmann::json j = nlohmann::json::object();
  for (const ParamValue& v : b.kind().param_values(s)) {
    j[v.info->name] = v.value;
  }
  return j;
}

nlohmann::json precision_json(const Precision& prec) {
  return {{"abits", prec.abits},
          {"wbits", prec.wbits},
          {"asigned", prec.asigned},
          {"wsigned", prec.wsigned}};
}

void print_device_presets(std::ostream& os) {
  for (const DevicePreset& d : device_presets()) {
    os << d.name << ": " << d.description << "\n";
    if (d.values.empty())
      os << "  the settings' defaults (docs/analog.md's table gives each one's source)\n";
    for (const DevicePreset::Value& v : d.values) {
      std::string option = v.setting;
      for (char& c : option) c = c == '_' ? '-' : c;
      os << "  --" << option << " " << v.value << "  (" << v.source << ")\n";
    }
  }
}

EnvironmentOptions environment_options(const Backend& b, const MacroSetup& s, std::uint64_t seed,
                                       const TraceOptions* trace, const std::string& command) {
  EnvironmentOptions eo;
  eo.backend = b.name();
  eo.setup = s;
  eo.seed = seed;
  if (trace) {
    trace->apply(eo.model);
    eo.wave_path = mismatch_wave(b, s, seed);
  }
  eo.reproduce = command;
  return eo;
}

nlohmann::json json_head(const std::string& schema, const Backend& b, const MacroSetup& s) {
  return {{"schema", schema},
          {"backend", b.name()},
          {"config", b.config_name(s)},
          {"params", params_json(b, s)}};
}

void write_json(const std::string& path, const nlohmann::json& j) {
  write_file_atomically(path, j.dump(2) + "\n");
}

}  // namespace cim::cli
