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
  auto add = [this](const char* name, const std::string& value) {
    args_.push_back(std::string("+cim_") + name + "=" + value);
  };
  char seed_hex[20];
  std::snprintf(seed_hex, sizeof seed_hex, "%llx", static_cast<unsigned long long>(s.seed));
  add("seed", seed_hex);  // hex, so that seeds above 2^63 arrive whole
  add("g_max", exact(s.g_max_us));
  add("g_min", exact(s.g_min_us));
  add("v_read", exact(s.v_read));
  add("adc_range", exact(s.adc_range));
  add("prog_noise", s.prog_noise ? "1" : "0");
  add("prog_scale", exact(s.prog_scale));
  add("read_noise", s.read_noise ? "1" : "0");
  add("read_sigma", exact(s.read_sigma));
  add("drift", s.drift ? "1" : "0");
  add("drift_t", exact(s.drift_t));
  add("drift_t0", exact(s.drift_t0));
  add("drift_nu_mean", exact(s.drift_nu_mean));
  add("drift_nu_std", exact(s.drift_nu_std));
  add("drift_comp", s.drift_comp ? "1" : "0");
  add("stuck_rate", exact(s.stuck_rate));
  add("r_wire", exact(s.r_wire));
  add("adc_offset_sigma", exact(s.adc_offset_sigma));
  add("adc_gain_sigma", exact(s.adc_gain_sigma));
  if (!s.faults.empty()) {
    std::string path = (std::filesystem::temp_directory_path() / "cim_faults_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary fault file in " + path);
    close(fd);
    fault_file_ = path;
    std::ofstream out(path);
    for (const Fault& f : s.faults) {
      out << f.row << ' ' << f.col << ' ' << f.slice << ' ' << (f.negative ? 1 : 0) << ' '
          << (f.state == Stuck::kGmin ? 1 : 2) << '\n';
    }
    if (!out) throw std::runtime_error("cannot write the temporary fault file " + path);
    add("faults", path);
  }
}

AnalogPlusargs::~AnalogPlusargs() {
  if (!fault_file_.empty()) std::remove(fault_file_.c_str());
}

}  // namespace cim
