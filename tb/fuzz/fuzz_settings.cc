// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the analog settings as cimsim reads them, from lines "name=value": each value through
// the option's validator (cli::real, what --<name> uses), which must accept exactly the decimal
// numbers the setting's range (SettingInfo::in_range) holds; then AnalogSettings::validate(), which
// must accept or throw std::invalid_argument, nothing else.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>

#include "cim/analog.h"
#include "cli.h"
#include "fuzz_input.h"

// What the docs promise --<setting> takes: a decimal number (no hex, no blanks, no inf or nan).
bool decimal(const std::string& v) {
  static const std::regex form(R"([+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)");
  return std::regex_match(v, form);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream text(std::string(reinterpret_cast<const char*>(data), size));
  cim::AnalogSettings s;
  std::string line;
  while (std::getline(text, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    for (const cim::SettingInfo& i : cim::analog_settings()) {
      if (name != i.name) continue;
      if (!i.number) {
        if (value == "0" || value == "1") s.*i.flag = value == "1";
        continue;
      }
      CLI::Validator check = cim::cli::real(i.lo, i.hi, i.lo_open);
      const bool accepted = check(value).empty();
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      const bool number = !value.empty() && *end == '\0' && std::isfinite(v);
      if (accepted && !(number && i.in_range(v) && decimal(value))) {
        cim::fuzz::found("the validator took a value that is not a decimal number in range");
      }
      if (!accepted && number && i.in_range(v) && decimal(value)) {
        cim::fuzz::found("the validator refused a decimal number in range");
      }
      if (accepted) s.*i.number = v;
    }
  }
  try {
    s.validate();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
