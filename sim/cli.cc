#include "cli.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

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
        char* end = nullptr;
        const double v = s.empty() ? NAN : std::strtod(s.c_str(), &end);
        const bool ok = !s.empty() && end && *end == '\0' && std::isfinite(v) &&
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
        if (!fs::is_directory(dir)) return "'" + s + "': the folder " + dir.string() + " does not exist";
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
  app.add_option("--cell-bits", cell_bits, "CELL_BITS, weight bits per device")
      ->check(whole(limits::kCellBits.lo, limits::kCellBits.hi))
      ->capture_default_str()
      ->group(analog);
  app.add_option("--adc-bits", adc_bits, "ADC_BITS")
      ->check(whole(limits::kAdcBits.lo, limits::kAdcBits.hi))
      ->capture_default_str()
      ->group(analog);
  app.add_option("--adc-share", adc_share, "ADC_SHARE, column pairs per ADC (at most COLS x slices)")
      ->check(whole(limits::kAdcShare.lo, limits::kAdcShare.hi))
      ->capture_default_str()
      ->group(analog);
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
}

const Backend& MacroOptions::backend_checked() const { return find_backend(backend); }

MacroSetup MacroOptions::setup(std::uint64_t seed) const {
  static const std::regex shape(R"((\d{1,7})x(\d{1,7})x(\d{1,3})x(\d{1,3})(?:x(\d{1,3}))?)");
  std::smatch m;
  if (!std::regex_match(macro, m, shape)) {
    throw CLI::ValidationError("--macro", "'" + macro +
                                              "' is not ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE] "
                                              "(e.g. 64x16x8x8)");
  }
  MacroSetup s;
  s.params = Params{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4]),
                    m[5].matched ? std::stoi(m[5]) : 1};
  const Backend& b = backend_checked();
  if (!b.analog()) {
    for (const CLI::Option* o : app_->get_options()) {
      if (o->get_group().rfind("Analog", 0) == 0 && o->count() > 0) {
        throw CLI::ValidationError(o->get_name(), "only for the analog backends");
      }
    }
  }
  s.analog.params = AnalogParams{cell_bits, adc_bits, adc_share};
  s.analog.settings = settings;
  s.analog.settings.seed = seed;
  try {
    b.validate(s);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError(option_named_in(e.what()), e.what());
  }
  if (!fault_map.empty()) {
    try {
      s.analog.settings.faults = read_fault_map(fault_map, s.params, s.analog.params);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--fault-map", e.what());
    }
  }
  if (!b.available(s)) {
    try {
      b.make(s);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--macro", e.what());
    }
  }
  return s;
}

}  // namespace cim::cli
