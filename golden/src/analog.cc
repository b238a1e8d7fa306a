// SPDX-License-Identifier: Apache-2.0
#include "cim/analog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace cim {
namespace {

void fail(const std::string& what) { throw std::invalid_argument(what); }

// The programming-noise polynomial (aihwkit, "Programming noise"): sigma in uS for a device of
// g_max = prog_g_ref, as a function of the target conductance normalized to g_max. Summed in this
// order here and in the SystemVerilog core (with prog_c3 = prog_c4 = 0 the terms after prog_c0 add
// exact zeros: the PCM default's values are those of its quadratic alone).
double prog_sigma_us(double g_target, const AnalogSettings& s) {
  const double u = g_target / s.g_max_us;
  const double poly = s.prog_c2 * u * u + s.prog_c1 * u + s.prog_c0 + s.prog_c3 * u * u * u +
                      s.prog_c4 * u * u * u * u;
  return s.prog_scale * (poly > 0.0 ? poly : 0.0) * (s.g_max_us / s.prog_g_ref);
}

// Reads a small text table: a record a line of `count` fields apart by blanks, '#' starting a
// comment, blank lines skipped; calls record(where, fields, line) for each ("file:line: " in
// `where`). A line of another count fails naming `format`; the file itself as `what path: ...`.
void read_records(
    const std::string& path, const std::string& what, std::size_t count, const std::string& format,
    const std::function<void(const std::string&, const std::vector<std::string>&, int)>& record) {
  if (std::filesystem::is_directory(path)) fail(what + " " + path + ": is a folder, not a file");
  std::ifstream in(path);
  if (!in) fail(what + " " + path + ": cannot open");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string where = path + ":" + std::to_string(n) + ": ";
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.empty()) continue;
    if (f.size() != count) fail(where + "expected '" + format + "', got '" + line + "'");
    record(where, f, n);
  }
}

// A field that must be a whole number 0..most, named in the message when it is not.
int whole_field(const std::string& where, const std::string& text, const char* name, int most) {
  std::size_t used = 0;
  int v = -1;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v < 0) fail(where + name + " '" + text + "' is not a whole number");
  if (v > most)
    fail(where + name + " " + text + " is out of range (0.." + std::to_string(most) + ")");
  return v;
}

}  // namespace

void AnalogParams::validate(const Params& p) const {
  for (const ParamValue& v : p.values()) {
    if (!v.info->taken_by_analog() && v.value != v.info->def) {
      fail("parameter " + std::string(v.info->name) + "=" + std::to_string(v.value) +
           " applies to the digital macro only (the analog macro has " +
           std::to_string(v.info->def) + ")");
    }
  }
  const std::vector<ParamValue> all = macro_values(p);
  for (const ParamValue& v : all) check_range(*v.info, v.value);
  check_rules(kParamOfAnalog, all);
}

std::vector<ParamValue> AnalogParams::values() const {
  return {
#define CIM_FIELD(constant, field) {&limits::constant, field},
      CIM_ANALOG_PARAM_FIELDS(CIM_FIELD)
#undef CIM_FIELD
  };
}

std::vector<ParamValue> AnalogParams::macro_values(const Params& p) const {
  std::vector<ParamValue> all;
  for (const ParamValue& v : p.values()) {
    if (v.info->taken_by_analog()) all.push_back(v);
  }
  for (const ParamValue& v : values()) all.push_back(v);
  return all;
}

int AnalogParams::slices(const Params& p) const { return records::slices(p.wbits, cell_bits); }

int AnalogParams::exact_adc_bits(const Params& p) const {
  return Params::clog2(std::uint64_t(p.rows) * ((1u << cell_bits) - 1) + 1);
}

std::vector<Fault> read_fault_map(const std::string& path, const Params& p, const AnalogParams& a) {
  std::vector<Fault> faults;
  std::map<std::tuple<int, int, int, bool>, int> first_line;  // device -> line that named it
  read_records(path, "fault map", 5, "row col slice +|- min|max",
               [&](const std::string& where, const std::vector<std::string>& f, int n) {
                 Fault fault;
                 fault.row = whole_field(where, f[0], "row", p.rows - 1);
                 fault.col = whole_field(where, f[1], "col", p.cols - 1);
                 fault.slice = whole_field(where, f[2], "slice", a.slices(p) - 1);
                 if (f[3] != "+" && f[3] != "-")
                   fail(where + "device '" + f[3] + "' is not + or -");
                 fault.negative = f[3] == "-";
                 if (f[4] != "min" && f[4] != "max")
                   fail(where + "state '" + f[4] + "' is not min or max");
                 fault.state = f[4] == "min" ? Stuck::kGmin : Stuck::kGmax;
                 const auto [it, added] =
                     first_line.try_emplace({fault.row, fault.col, fault.slice, fault.negative}, n);
                 if (!added)
                   fail(where + "device already listed on line " + std::to_string(it->second));
                 faults.push_back(fault);
               });
  return faults;
}

void write_fault_map(std::ostream& os, const std::vector<Fault>& faults) {
  for (const Fault& f : faults) {
    os << f.row << ' ' << f.col << ' ' << f.slice << ' ' << (f.negative ? '-' : '+') << ' '
       << (f.state == Stuck::kGmin ? "min" : "max") << '\n';
  }
}

const std::vector<SettingInfo>& analog_settings() {
  using S = AnalogSettings;
  static const std::vector<SettingInfo> kSettings = {
      {"g_max", "uS", &S::g_max_us, nullptr, 0.0, 1e6, true, "largest programmed conductance",
       "IBM aihwkit PCMLikeNoiseModel(g_max=25.0)"},
      {"g_min", "uS", &S::g_min_us, nullptr, 0.0, 1e6, false,
       "conductance of level 0 and of the idle device of a pair (below g_max)",
       "aihwkit: the other device of a pair is set to 0"},
      {"v_read", "V", &S::v_read, nullptr, 0.0, 10.0, true, "read voltage of an active row",
       "project choice (PCM reads at 0.1-0.3 V)"},
      {"adc_range", "", &S::adc_range, nullptr, 0.0, 1.0, true,
       "ADC full scale as a fraction of the largest column sum", "full scale"},
      {"prog_noise", "", nullptr, &S::prog_noise, 0, 0, false,
       "programming noise: a polynomial of the target level (PCM's by default)",
       "aihwkit PCM model"},
      {"prog_scale", "", &S::prog_scale, nullptr, 0.0, 100.0, false,
       "multiplies the programming-noise polynomial", "aihwkit PCM model"},
      {"prog_c0", "uS", &S::prog_c0, nullptr, -1e3, 1e3, false,
       "programming noise: the polynomial's constant term", "aihwkit PCMLikeNoiseModel prog_coeff"},
      {"prog_c1", "uS", &S::prog_c1, nullptr, -1e3, 1e3, false,
       "programming noise: the coefficient of u = G_T / g_max",
       "aihwkit PCMLikeNoiseModel prog_coeff"},
      {"prog_c2", "uS", &S::prog_c2, nullptr, -1e3, 1e3, false,
       "programming noise: the coefficient of u^2", "aihwkit PCMLikeNoiseModel prog_coeff"},
      {"prog_c3", "uS", &S::prog_c3, nullptr, -1e3, 1e3, false,
       "programming noise: the coefficient of u^3", "aihwkit PCM: none"},
      {"prog_c4", "uS", &S::prog_c4, nullptr, -1e3, 1e3, false,
       "programming noise: the coefficient of u^4", "aihwkit PCM: none"},
      {"prog_g_ref", "uS", &S::prog_g_ref, nullptr, 0.0, 1e6, true,
       "the g_max the polynomial was fitted at (sigma scales by g_max / prog_g_ref)",
       "aihwkit PCM: 25 uS"},
      {"read_noise", "", nullptr, &S::read_noise, 0, 0, false, "read noise at every conversion",
       "aihwkit 1/f read noise"},
      {"read_sigma", "relative", &S::read_sigma, nullptr, 0.0, 1.0, false,
       "read noise per device, of its conductance",
       "aihwkit Q_s = 0.0088 at t = 20 s, t_read = 250 ns"},
      {"drift", "", nullptr, &S::drift, 0, 0, false, "conductance drift G0 (t/t0)^-nu",
       "aihwkit PCM drift"},
      {"drift_t", "s", &S::drift_t, nullptr, 0.0, 1e10, true, "time since programming",
       "aihwkit example t_inference = 3600"},
      {"drift_t0", "s", &S::drift_t0, nullptr, 0.0, 1e10, true, "drift reference time",
       "aihwkit t0 = 20 s"},
      {"drift_nu_mean", "", &S::drift_nu_mean, nullptr, 0.0, 1.0, false, "mean drift exponent",
       "aihwkit mu_nu at g_T = 1"},
      {"drift_nu_std", "", &S::drift_nu_std, nullptr, 0.0, 1.0, false, "drift exponent spread",
       "aihwkit sigma_nu at g_T = 1"},
      {"drift_comp", "", nullptr, &S::drift_comp, 0, 0, false,
       "global drift compensation in the ADC reference", "aihwkit GlobalDriftCompensation"},
      {"stuck_rate", "fraction", &S::stuck_rate, nullptr, 0.0, 1.0, false,
       "devices stuck, half at g_min, half at g_max", "none: off"},
      {"r_wire", "ohm", &S::r_wire, nullptr, 0.0, 1e6, false,
       "bitline wire resistance per cell (0: no IR drop)", "none: set it for your wires"},
      {"adc_offset_sigma", "LSB", &S::adc_offset_sigma, nullptr, 0.0, 1e3, false, "per-ADC offset",
       "none: off"},
      {"adc_gain_sigma", "relative", &S::adc_gain_sigma, nullptr, 0.0, 1.0, false,
       "per-ADC gain error", "none: off"},
  };
  return kSettings;
}

const std::vector<DevicePreset>& device_presets() {
  static const std::vector<DevicePreset> kPresets = {
      {"pcm", "phase-change memory, IBM's model in aihwkit (the settings' defaults)", {}},
      {"reram",
       "resistive RAM, aihwkit's ReRamWan2022NoiseModel: a fit to NeuRRAM (W. Wan et al., Nature "
       "608, 2022)",
       {{"g_max", 40.0, "aihwkit ReRamWan2022NoiseModel: its coefficients fitted at g_max = 40 uS"},
        {"prog_g_ref", 40.0, "the same"},
        {"prog_c0", 0.348, "aihwkit ReRamWan2022NoiseModel coeff_dic[1.0] (1 s after programming)"},
        {"prog_c1", 16.030, "the same"},
        {"prog_c2", -43.853, "the same"},
        {"prog_c3", 45.393, "the same"},
        {"prog_c4", -16.815, "the same"},
        {"read_sigma", 0.01,
         "aihwkit ReRamWan2022NoiseModel's note: short-term read noise about 1 %"},
        {"drift_nu_mean", 0.0, "aihwkit: ReRAM \"does not show drift in the usual sense\""},
        {"drift_nu_std", 0.0, "the same"}}},
  };
  return kPresets;
}

const DevicePreset& find_device_preset(const std::string& name) {
  std::string names;
  for (const DevicePreset& d : device_presets()) {
    if (name == d.name) return d;
    names += (names.empty() ? "" : ", ") + std::string(d.name);
  }
  fail("device '" + name + "' is not a preset (" + names + ")");
  return device_presets().front();
}

void apply_device_preset(const DevicePreset& d, AnalogSettings& s,
                         const std::vector<std::string>& keep) {
  for (const DevicePreset::Value& v : d.values) {
    if (std::find(keep.begin(), keep.end(), v.setting) != keep.end()) continue;
    bool found = false;
    for (const SettingInfo& info : analog_settings()) {
      if (info.number && v.setting == std::string(info.name)) {
        s.*info.number = v.value;
        found = true;
      }
    }
    if (!found) fail(std::string("device preset ") + d.name + ": no setting " + v.setting);
  }
}

std::string SettingInfo::option() const {
  std::string o = name;
  for (char& c : o) {
    if (c == '_') c = '-';
  }
  return o;
}

std::string SettingInfo::range_text() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%g, %g]", lo_open ? "(" : "[", lo, hi);
  return buf;
}

bool SettingInfo::in_range(double v) const {
  return std::isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi;
}

void AnalogSettings::validate() const {
  for (const SettingInfo& info : analog_settings()) {
    if (!info.number) continue;
    const double v = this->*info.number;
    if (!info.in_range(v)) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", v);
      fail("setting " + std::string(info.name) + "=" + value + " is out of range " +
           info.range_text() + (*info.unit ? std::string(" ") + info.unit : std::string()));
    }
  }
  if (!(g_min_us < g_max_us)) fail("setting g_min must be below g_max");
}

bool AnalogSettings::ideal() const {
  return !prog_noise && !read_noise && !drift && stuck_rate == 0.0 && faults.empty() &&
         r_wire == 0.0 && adc_offset_sigma == 0.0 && adc_gain_sigma == 0.0;
}

int adc_shift_for_range(const Params& p, const AnalogParams& a, double range) {
  const double full_scale = range * double(p.rows) * double((1 << a.cell_bits) - 1);
  const double codes = double((1 << a.adc_bits) - 1);
  int shift = 0;
  while (codes * double(std::uint64_t{1} << shift) < full_scale) ++shift;
  return shift;
}

std::vector<int> adc_ranges(const Params& p, const AnalogParams& a, const AnalogSettings& s) {
  const int pairs = p.cols * a.slices(p);
  if (s.adc_shifts.empty())
    return std::vector<int>(std::size_t(pairs), adc_shift_for_range(p, a, s.adc_range));
  if (int(s.adc_shifts.size()) != pairs) {
    fail("ADC ranges: " + std::to_string(s.adc_shifts.size()) + " shifts for " +
         std::to_string(pairs) + " column pairs (COLS=" + std::to_string(p.cols) + " x " +
         std::to_string(a.slices(p)) + " slices)");
  }
  const int most = adc_shift_for_range(p, a, 1.0);
  for (std::size_t q = 0; q < s.adc_shifts.size(); ++q) {
    if (s.adc_shifts[q] < 0 || s.adc_shifts[q] > most) {
      fail("ADC ranges: pair " + std::to_string(q) + " (col " +
           std::to_string(int(q) / a.slices(p)) + " slice " + std::to_string(int(q) % a.slices(p)) +
           ") shift " + std::to_string(s.adc_shifts[q]) + " is out of range (0.." +
           std::to_string(most) + ")");
    }
  }
  return s.adc_shifts;
}

std::vector<int> read_adc_ranges(const std::string& path, const Params& p, const AnalogParams& a,
                                 const AnalogSettings& s) {
  const int slices = a.slices(p), most = adc_shift_for_range(p, a, 1.0);
  std::vector<int> shifts(std::size_t(p.cols * slices), adc_shift_for_range(p, a, s.adc_range));
  std::map<int, int> first_line;  // pair -> line that named it
  read_records(path, "ADC range file", 3, "col slice shift",
               [&](const std::string& where, const std::vector<std::string>& f, int n) {
                 const int col = whole_field(where, f[0], "col", p.cols - 1);
                 const int slice = whole_field(where, f[1], "slice", slices - 1);
                 const int shift = whole_field(where, f[2], "shift", most);
                 const int pair = col * slices + slice;
                 const auto [it, added] = first_line.try_emplace(pair, n);
                 if (!added)
                   fail(where + "pair already listed on line " + std::to_string(it->second));
                 shifts[std::size_t(pair)] = shift;
               });
  return shifts;
}

void write_adc_ranges(std::ostream& os, const std::vector<int>& shifts, int slices) {
  for (std::size_t q = 0; q < shifts.size(); ++q) {
    os << int(q) / slices << ' ' << int(q) % slices << ' ' << shifts[q] << '\n';
  }
}

namespace analog_rng {

std::uint64_t mix(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t key(std::uint64_t seed, Purpose purpose, std::uint64_t i, std::uint64_t j) {
  return mix(mix(mix(seed ^ (std::uint64_t(purpose) << 56)) ^ i) ^ j);
}

double uniform(std::uint64_t k) { return (double(k >> 11) + 0.5) * 0x1.0p-53; }

double gaussian(std::uint64_t seed, Purpose purpose, std::uint64_t i, std::uint64_t j) {
  const std::uint64_t k = key(seed, purpose, i, j);
  const double u1 = uniform(k);
  const double u2 = uniform(mix(k));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace analog_rng

AnalogCrossbar::AnalogCrossbar(const Params& p, const AnalogParams& a, const AnalogSettings& s)
    : p_(p), a_(a), s_(s) {
  a_.validate(p_);
  s_.validate();
  slices_ = a_.slices(p_);
  const int max_level = (1 << a_.cell_bits) - 1;
  g_step_ = (s_.g_max_us - s_.g_min_us) / double(max_level);

  shift_ = adc_ranges(p_, a_, s_);

  const std::size_t devices = std::size_t(p_.rows) * p_.cols * slices_ * 2;
  g_prog_.assign(devices, s_.g_min_us);
  drift_factor_.assign(devices, 1.0);
  stuck_.assign(devices, Stuck::kNone);
  using namespace analog_rng;
  for (std::size_t d = 0; d < devices; ++d) {
    if (s_.stuck_rate > 0.0 && uniform(key(s_.seed, kStuck, d, 0)) < s_.stuck_rate) {
      stuck_[d] = uniform(key(s_.seed, kStuck, d, 1)) < 0.5 ? Stuck::kGmin : Stuck::kGmax;
    }
    if (s_.drift) {
      const double nu = s_.drift_nu_mean + s_.drift_nu_std * gaussian(s_.seed, kNu, d, 0);
      const double t = s_.drift_t > s_.drift_t0 ? s_.drift_t : s_.drift_t0;
      drift_factor_[d] = std::pow(t / s_.drift_t0, -nu);
    }
  }
  for (const Fault& f : s_.faults) stuck_[device(f.row, f.col, f.slice, f.negative)] = f.state;
  g_bitline_.assign(devices, 0.0);
  for (int r = 0; r < p_.rows; ++r) {
    for (int c = 0; c < p_.cols; ++c) {
      for (int sl = 0; sl < slices_; ++sl) {
        for (const bool negative : {false, true}) refresh(r, c, sl, negative);
      }
    }
  }
  drift_comp_ = 1.0;
  if (s_.drift && s_.drift_comp) {
    const double t = s_.drift_t > s_.drift_t0 ? s_.drift_t : s_.drift_t0;
    drift_comp_ = std::pow(t / s_.drift_t0, s_.drift_nu_mean);
  }
  adc_gain_.assign(adcs(), 0.0);
  adc_offset_.assign(adcs(), 0.0);
  for (int k = 0; k < adcs(); ++k) {
    adc_gain_[k] = s_.adc_gain_sigma * gaussian(s_.seed, kAdcGain, std::uint64_t(k), 0);
    adc_offset_[k] = s_.adc_offset_sigma * gaussian(s_.seed, kAdcOffset, std::uint64_t(k), 0);
  }
}

std::size_t AnalogCrossbar::device(int row, int col, int slice, bool negative) const {
  return ((std::size_t(row) * p_.cols + col) * slices_ + slice) * 2 + (negative ? 1 : 0);
}

double AnalogCrossbar::target(int level) const { return s_.g_min_us + double(level) * g_step_; }

int AnalogCrossbar::slice_lsb(int s) const {
  return s == slices_ - 1 ? p_.wbits - 1 : s * a_.cell_bits;
}

void AnalogCrossbar::program_row(int row, const std::vector<std::uint32_t>& raw,
                                 std::uint64_t write_index) {
  for (int c = 0; c < p_.cols; ++c) {
    for (int s = 0; s < slices_; ++s) {
      const int lsb = slice_lsb(s);
      const int width = s == slices_ - 1 ? 1 : std::min(a_.cell_bits, p_.wbits - 1 - lsb);
      const int level = int((raw[c] >> lsb) & ((1u << width) - 1));
      // The MSB of a two's-complement weight weighs negative, so its slice is programmed on G-.
      for (const bool negative : {false, true}) {
        const bool carries = negative == slice_negative(s);
        const double g_t = target(carries ? level : 0);
        double g = g_t;
        if (s_.prog_noise) {
          g = g_t + prog_sigma_us(g_t, s_) * analog_rng::gaussian(s_.seed, analog_rng::kProg,
                                                                  device(row, c, s, negative),
                                                                  write_index);
        }
        g_prog_[device(row, c, s, negative)] = g;
        refresh(row, c, s, negative);
      }
    }
  }
}

void AnalogCrossbar::refresh(int row, int col, int slice, bool negative) {
  const std::size_t d = device(row, col, slice, negative);
  double g = g_prog_[d] * drift_factor_[d];
  if (stuck_[d] == Stuck::kGmin) g = s_.g_min_us;
  if (stuck_[d] == Stuck::kGmax) g = s_.g_max_us;
  g_bitline_[bitline(col, slice, negative) + std::size_t(row)] = g;
}

std::vector<std::uint32_t> AnalogCrossbar::read_row(int row) const {
  std::vector<std::uint32_t> raw(p_.cols, 0);
  for (int c = 0; c < p_.cols; ++c) {
    for (int s = 0; s < slices_; ++s) {
      const int lsb = slice_lsb(s);
      const int width = s == slices_ - 1 ? 1 : std::min(a_.cell_bits, p_.wbits - 1 - lsb);
      double diff = conductance(row, c, s, false) - conductance(row, c, s, true);
      if (slice_negative(s)) diff = -diff;
      const double max_level = double((1 << width) - 1);
      double level = diff / g_step_;
      level = level < 0.0 ? 0.0 : level > max_level ? max_level : level;
      raw[c] |= std::uint32_t(std::llround(level)) << lsb;
    }
  }
  return raw;
}

std::vector<std::int64_t> AnalogCrossbar::convert(const std::vector<bool>& wordlines, int phase,
                                                  std::uint64_t conversion) const {
  std::vector<std::int64_t> out(pairs(), 0);
  const double code_max = double((1 << a_.adc_bits) - 1);
  std::vector<double> cell_ua, below, g;
  if (s_.r_wire != 0.0) {
    cell_ua.resize(std::size_t(p_.rows));
    below.resize(std::size_t(p_.rows));
    g.resize(std::size_t(p_.rows));
  }
  std::vector<int> active;  // the rows whose wordline is on, ascending
  for (int r = 0; r < p_.rows; ++r) {
    if (wordlines[std::size_t(r)]) active.push_back(r);
  }
  for (int q = phase; q < pairs(); q += a_.adc_share) {
    const int col = q / slices_, s = q % slices_;
    // One bitline per device of the pair, the ADC at its bottom (below row ROWS-1). First-order
    // IR drop: the cells' currents at the full read voltage flow down through r_wire per segment;
    // the voltage they drop at a cell's node lowers that cell's own current. Summed from the
    // bottom row up, in this order in the SystemVerilog core too.
    double current[2] = {0.0, 0.0};
    double noise_var = 0.0;
    for (const bool negative : {false, true}) {
      double& sum = current[negative ? 1 : 0];
      const double* g_line = &g_bitline_[bitline(col, s, negative)];
      if (s_.r_wire == 0.0) {
        // No IR drop: every active cell sees v_read (v_read - 0 x drop is v_read exactly), so the
        // sum below reduces to this one, term for term and in the same order. One pass over the
        // active rows, bottom up, gives the read noise's variance too (in that order here and in
        // the SystemVerilog core).
        for (auto r = active.rbegin(); r != active.rend(); ++r) {
          const double ua = s_.v_read * g_line[*r];
          sum = sum + ua;
          noise_var = noise_var + ua * ua;
        }
        continue;
      }
      double through = 0.0;
      for (int r = 0; r < p_.rows; ++r) {
        g[r] = g_line[r];
        cell_ua[r] = wordlines[r] ? s_.v_read * g[r] : 0.0;
        noise_var = noise_var + cell_ua[r] * cell_ua[r];
        through = through + cell_ua[r];
        below[r] = through;  // current in the segment below row r, uA
      }
      double drop = 0.0;  // sum of the segment currents between row r and the ADC, uA
      for (int r = p_.rows - 1; r >= 0; --r) {
        drop = drop + below[r];
        if (wordlines[r]) {
          const double v = s_.v_read - s_.r_wire * drop * 1e-6;
          sum = sum + v * g[r];
        }
      }
    }
    double diff = current[0] - current[1];
    if (slice_negative(s)) diff = -diff;  // the MSB pair's inputs are swapped at the ADC
    if (s_.read_noise) {
      diff =
          diff + s_.read_sigma * std::sqrt(noise_var) *
                     analog_rng::gaussian(s_.seed, analog_rng::kRead, conversion, std::uint64_t(q));
    }
    diff = diff * drift_comp_;
    const double lsb_ua = s_.v_read * g_step_ * double(std::uint64_t{1} << shift_[q]);
    const int adc = q / a_.adc_share;
    double x = diff / lsb_ua * (1.0 + adc_gain_[adc]) + adc_offset_[adc];
    x = x < 0.0 ? 0.0 : x > code_max ? code_max : x;
    out[q] = std::int64_t(std::llround(x)) * (std::int64_t{1} << shift_[q]);
  }
  return out;
}

double relative_weight_noise(const Params& p, const AnalogParams& a, const AnalogSettings& s) {
  const AnalogCrossbar xbar(p, a, AnalogSettings{});  // the slicing only
  const double g_step = (s.g_max_us - s.g_min_us) / double((1 << a.cell_bits) - 1);
  double var = 0.0;  // in squared weight units
  for (int sl = 0; sl < xbar.slices(); ++sl) {
    const bool msb = xbar.slice_negative(sl);
    const int lsb = msb ? p.wbits - 1 : sl * a.cell_bits;
    const int width = msb ? 1 : std::min(a.cell_bits, p.wbits - 1 - lsb);
    const double g_carry = s.g_min_us + (msb ? 0.0 : double((1 << width) - 1)) * g_step;
    for (const double g : {g_carry, s.g_min_us}) {  // the device that carries the level, its twin
      double device_var = 0.0;
      if (s.prog_noise) device_var += prog_sigma_us(g, s) * prog_sigma_us(g, s);
      if (s.read_noise) device_var += (s.read_sigma * g) * (s.read_sigma * g);
      var += device_var / (g_step * g_step) * std::ldexp(1.0, 2 * lsb);
    }
  }
  const double largest = std::ldexp(1.0, p.wbits - 1) - 1.0;
  return largest > 0 ? std::sqrt(var) / largest : 0.0;
}

bool analog_precision_ok(const Params& p, const AnalogParams& a, const Precision& prec) {
  return precision_in_range(p, prec) && (a.cell_bits == 1 || prec.wbits == p.wbits);
}

void combine_slices(const AnalogCrossbar& xbar, const std::vector<std::int64_t>& codes, int wbits,
                    bool wsigned, bool aneg, std::vector<std::int64_t>& partial) {
  const int slices = xbar.slices();
  for (std::size_t c = 0; c < partial.size(); ++c) {
    std::int64_t sum = 0;
    for (int s = 0; s < slices; ++s) {
      const int lsb = xbar.slice_lsb(s);
      if (lsb >= wbits) continue;
      const bool wneg = wsigned && lsb == wbits - 1;
      const std::int64_t term = codes[c * slices + s] * (std::int64_t{1} << lsb);
      sum += (wneg != aneg) ? -term : term;
    }
    partial[c] = sum;
  }
}

Response analog_mvm(const AnalogCrossbar& xbar, const Params& p, const AnalogParams& a,
                    const Request& req, std::uint64_t& conversion) {
  Response rsp{std::vector<std::int64_t>(p.cols, 0), false};
  if (!analog_precision_ok(p, a, req.prec)) {
    rsp.err = true;
    return rsp;
  }
  const Precision& prec = req.prec;
  std::vector<std::int64_t> codes(xbar.pairs(), 0), partial(p.cols, 0);
  for (int bit = prec.abits - 1; bit >= 0; --bit) {
    std::vector<bool> wordlines(p.rows);
    for (int r = 0; r < p.rows; ++r) wordlines[r] = (req.act[r] >> bit) & 1;
    for (int phase = 0; phase < a.adc_share; ++phase) {
      const std::vector<std::int64_t> out = xbar.convert(wordlines, phase, conversion++);
      for (int q = phase; q < xbar.pairs(); q += a.adc_share) codes[q] = out[q];
    }
    combine_slices(xbar, codes, prec.wbits, prec.wsigned, prec.asigned && bit == prec.abits - 1,
                   partial);
    for (int c = 0; c < p.cols; ++c) rsp.data[c] = 2 * rsp.data[c] + partial[c];
  }
  return rsp;
}

}  // namespace cim
