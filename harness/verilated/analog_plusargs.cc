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

AnalogPlusargs::AnalogPlusargs(const AnalogSettings& s) {
  s.validate();
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
    std::string path = (std::filesystem::temp_directory_path() / "cim_faults_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary fault file in " + path);
    close(fd);
    fault_file_ = path;
    std::ofstream out(path);
    write_fault_map(out, s.faults);
    if (!out) throw std::runtime_error("cannot write the temporary fault file " + path);
    add("faults", path);
  }
}

AnalogPlusargs::~AnalogPlusargs() {
  if (!fault_file_.empty()) std::remove(fault_file_.c_str());
}

}  // namespace cim
