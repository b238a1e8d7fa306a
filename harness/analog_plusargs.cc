// SPDX-License-Identifier: Apache-2.0
#include "analog_plusargs.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace cim {
namespace {

// Shortest text that reads back as the same double.
std::string exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

AnalogPlusargs::AnalogPlusargs(const Params& p, const AnalogParams& a, const AnalogSettings& s) {
  s.validate();
  adc_ranges(p, a, s);
  const int slices = a.slices(p);
  auto add = [this](const std::string& name, const std::string& value) {
    args_.push_back("+cim_" + name + "=" + value);
  };
  char seed_hex[20];
  std::snprintf(seed_hex, sizeof seed_hex, "%llx", static_cast<unsigned long long>(s.seed));
  add("seed", seed_hex);  // hex, so that seeds above 2^63 arrive whole
  for (const SettingInfo& info : analog_settings()) {
    add(info.name, info.number ? exact(s.*info.number) : (s.*info.flag ? "1" : "0"));
  }
  if (!s.faults.empty()) {
    add("faults",
        temporary("cim_faults_XXXXXX", [&](std::ostream& out) { write_fault_map(out, s.faults); }));
  }
  if (!s.adc_shifts.empty()) {
    add("adc_shifts", temporary("cim_adc_shifts_XXXXXX", [&](std::ostream& out) {
          write_adc_ranges(out, s.adc_shifts, slices);
        }));
  }
}

std::string AnalogPlusargs::temporary(const char* pattern,
                                      const std::function<void(std::ostream&)>& write) {
  std::string path = (std::filesystem::temp_directory_path() / pattern).string();
  const int fd = mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file " + path);
  close(fd);
  files_.push_back(path);
  std::ofstream out(path);
  write(out);
  if (!out) throw std::runtime_error("cannot write the temporary file " + path);
  return path;
}

AnalogPlusargs::~AnalogPlusargs() {
  for (const std::string& f : files_) std::remove(f.c_str());
}

}  // namespace cim
