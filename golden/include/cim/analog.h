// SPDX-License-Identifier: Apache-2.0
// Golden model of the analog crossbar behind cim_analog_macro: conductance pairs, bit-serial
// read voltage, column currents, ADC, and the device non-idealities, each independently on or off.
//
// Every random draw comes from a counter-based generator (SplitMix64 finalizer keyed by seed,
// purpose and indices, Box-Muller for Gaussians) so that the SystemVerilog behavioral core, which
// implements the same generator and the same floating-point operations in the same order, agrees
// with this model on every ADC code. docs/analog.md documents each formula, unit and default.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cim/mvm.h"
#include "cim/params.h"

namespace cim {

// Compile-time parameters of the analog macro beyond the digital ones.
// The parameters only cim_analog_macro takes: one field per parameter of the record
// (rtl/cim_records.jsonc) that analog takes and digital does not (cell_bits: weight bits per
// device; adc_bits: the bipolar ADC's resolution; adc_share: column pairs per ADC, each bit taking
// adc_share conversion cycles).
struct AnalogParams {
#define CIM_FIELD(constant, field) int field = limits::constant.def;
  CIM_ANALOG_PARAM_FIELDS(CIM_FIELD)
#undef CIM_FIELD

  // Throws std::invalid_argument naming the parameter: out of range, or one of p's that
  // cim_analog_macro does not take away from its default.
  void validate(const Params& p) const;
  // Every field with its parameter, in the record's order.
  std::vector<ParamValue> values() const;
  // Every parameter cim_analog_macro takes: p's it shares, then these.
  std::vector<ParamValue> macro_values(const Params& p) const;

  friend bool operator==(const AnalogParams&, const AnalogParams&) = default;
  // Device pairs per output column: the WBITS-1 low bits in cell_bits-bit slices, the MSB alone.
  int slices(const Params& p) const;
  // ADC bits that make the ideal array exact: sign + ceil(log2(ROWS * (2^cell_bits - 1) + 1)).
  int exact_adc_bits(const Params& p) const;
};

enum class Stuck : std::uint8_t { kNone, kGmin, kGmax };

// One device forced to a rail, from a fault-map file.
struct Fault {
  int row = 0, col = 0, slice = 0;
  bool negative = false;  // the G- device of the pair
  Stuck state = Stuck::kGmin;
};

// Reads a fault map: one fault per line, "row col slice +|- min|max"; '#' starts a comment.
// Throws std::invalid_argument with "file:line: ..." naming what is wrong (a device listed twice
// included; a path that is not a readable file too).
std::vector<Fault> read_fault_map(const std::string& path, const Params& p, const AnalogParams& a);
// Writes faults in the format read_fault_map() reads.
void write_fault_map(std::ostream& os, const std::vector<Fault>& faults);

// Run-time settings: changing them never needs a rebuild of the Verilated model.
struct AnalogSettings {
  std::uint64_t seed = 1;
  double g_max_us = 25.0;  // largest programmable conductance, uS
  double g_min_us = 0.0;   // conductance of level 0 and of a reset device, uS
  double v_read = 0.2;     // read voltage of an active wordline, V
  double adc_range = 1.0;  // ADC full scale as a fraction of the largest possible column current

  bool prog_noise = false;  // programming noise: a polynomial of the target level
  double prog_scale = 1.0;  // multiplies that polynomial
  // sigma in uS = prog_c0 + prog_c1 u + ... + prog_c4 u^4 of u = G_T / g_max, fitted at g_max =
  // prog_g_ref and scaled by g_max / prog_g_ref; the defaults are aihwkit's PCM polynomial.
  double prog_c0 = 0.2635, prog_c1 = 1.9650, prog_c2 = -1.1731, prog_c3 = 0.0, prog_c4 = 0.0;
  double prog_g_ref = 25.0;
  bool read_noise = false;  // per-conversion noise, relative to each device's conductance
  double read_sigma = 0.037;
  bool drift = false;       // G(t) = G0 (t / t0)^-nu, nu ~ N(nu_mean, nu_std) per device
  double drift_t = 3600.0;  // s since programming
  double drift_t0 = 20.0;   // s
  double drift_nu_mean = 0.05;
  double drift_nu_std = 0.008;
  bool drift_comp = false;        // global compensation: ADC input scaled by (t / t0)^nu_mean
  double stuck_rate = 0.0;        // fraction of devices stuck, half at Gmin, half at Gmax
  std::vector<Fault> faults;      // specific stuck devices (read_fault_map)
  double r_wire = 0.0;            // bitline wire resistance per cell, ohm (0: no IR drop)
  double adc_offset_sigma = 0.0;  // per-ADC offset, in LSB
  double adc_gain_sigma = 0.0;    // per-ADC relative gain error
  // Calibrated ADC ranges: per column pair (col x slices + slice), the ADC's LSB as 2^shift
  // conductance levels (adc_ranges()). Empty: every pair's from adc_range.
  std::vector<int> adc_shifts;

  void validate() const;  // throws std::invalid_argument naming the setting
  bool ideal() const;
};

// One run-time setting: the one description that cimsim's options, the plusargs of the Verilated
// crossbar (and their reader, rtl/analog/cim_analog_settings.svh, generated from this), the
// validation and docs/analog.md's table all come from. Defaults are AnalogSettings' own.
struct SettingInfo {
  const char* name;  // the plusarg is +cim_<name>, the cimsim option --<name, '_' as '-'>
  const char* unit;
  double AnalogSettings::*number;  // a number in [lo, hi] (lo excluded when lo_open) ...
  bool AnalogSettings::*flag;      // ... or an on/off switch
  double lo, hi;
  bool lo_open;
  const char* help;
  const char* source;  // where the default comes from

  std::string option() const;      // "g-max"
  std::string range_text() const;  // "(0, 1e+06]"
  bool in_range(double v) const;
};

// Every setting but the seed and the fault map, in documentation order.
const std::vector<SettingInfo>& analog_settings();

// The ADC range as a power of two: the shift k of the finest LSB (2^k conductance levels) whose
// full scale (2^ADC_BITS - 1) x 2^k covers `range` of the largest column sum ROWS x
// (2^CELL_BITS - 1). At range 1 it is the largest shift a pair may take (the full-range ADC).
int adc_shift_for_range(const Params& p, const AnalogParams& a, double range);

// Every column pair's ADC shift: s.adc_shifts, or the one adc_range gives. Throws
// std::invalid_argument when s.adc_shifts has not one entry per pair or one is out of range
// (0 .. adc_shift_for_range(p, a, 1)).
std::vector<int> adc_ranges(const Params& p, const AnalogParams& a, const AnalogSettings& s);

// Reads an ADC range file: one column pair a line, "col slice shift"; '#' starts a comment; pairs
// not listed keep adc_range's shift. Throws std::invalid_argument with "file:line: ...".
std::vector<int> read_adc_ranges(const std::string& path, const Params& p, const AnalogParams& a,
                                 const AnalogSettings& s);
// Writes every pair's shift in the format read_adc_ranges() reads.
void write_adc_ranges(std::ostream& os, const std::vector<int>& shifts, int slices);

// A device preset: values of analog settings, each with its public source; the settings it does
// not name keep their defaults (cimsim --device NAME, cimsim --list-devices).
struct DevicePreset {
  struct Value {
    const char* setting;  // an analog_settings() name
    double value;
    const char* source;
  };
  const char* name;
  const char* description;
  std::vector<Value> values;
};
const std::vector<DevicePreset>& device_presets();
// The preset named `name`; throws std::invalid_argument naming the presets when there is none.
const DevicePreset& find_device_preset(const std::string& name);
// Sets the preset's values in s, except those of the settings `keep` says to keep (given by hand).
void apply_device_preset(const DevicePreset& d, AnalogSettings& s,
                         const std::vector<std::string>& keep = {});

// Counter-based random numbers shared with rtl/analog/cim_analog_crossbar.sv.
namespace analog_rng {
enum Purpose : std::uint64_t {
  kProg = 1,
  kStuck = 2,
  kNu = 3,
  kRead = 4,
  kAdcOffset = 5,
  kAdcGain = 6
};
std::uint64_t mix(std::uint64_t x);
std::uint64_t key(std::uint64_t seed, Purpose purpose, std::uint64_t i, std::uint64_t j);
double uniform(std::uint64_t k);  // (0, 1)
double gaussian(std::uint64_t seed, Purpose purpose, std::uint64_t i, std::uint64_t j);
}  // namespace analog_rng

// The crossbar: ROWS x COLS x slices conductance pairs, programmed row by row, read column pair by
// column pair through ADC_SHARE-way shared ADCs.
class AnalogCrossbar {
 public:
  AnalogCrossbar(const Params& p, const AnalogParams& a, const AnalogSettings& s);

  // Programs a row from raw WBITS-bit weights; `write_index` counts accepted writes (noise key).
  void program_row(int row, const std::vector<std::uint32_t>& raw, std::uint64_t write_index);
  // Raw weights read back by quantizing each pair's conductance difference to a level.
  std::vector<std::uint32_t> read_row(int row) const;

  // Converts the column pairs of ADC phase `phase` with row r's wordline at v_read when
  // wordlines[r] is set. Returns, per column pair, code x 2^shift (0 for pairs not in this phase);
  // `conversion` counts conversion cycles (read-noise key).
  std::vector<std::int64_t> convert(const std::vector<bool>& wordlines, int phase,
                                    std::uint64_t conversion) const;

  int pairs() const { return p_.cols * slices_; }
  int slices() const { return slices_; }
  int adcs() const { return (pairs() + a_.adc_share - 1) / a_.adc_share; }
  int lsb_shift(int pair) const {
    return shift_[std::size_t(pair)];
  }                            // its ADC LSB: 2^shift levels
  int slice_lsb(int s) const;  // weight bit of a slice's level bit 0
  bool slice_negative(int s) const { return s == slices_ - 1; }           // MSB slice sits on G-
  double conductance(int row, int col, int slice, bool negative) const {  // uS, after drift
    return g_bitline_[bitline(col, slice, negative) + std::size_t(row)];
  }

 private:
  std::size_t device(int row, int col, int slice, bool negative) const;
  // Where a bitline's ROWS devices start in g_bitline_ (side by side, read in a run).
  std::size_t bitline(int col, int slice, bool negative) const {
    return ((std::size_t(col) * slices_ + slice) * 2 + (negative ? 1 : 0)) * std::size_t(p_.rows);
  }
  // Recomputes a device's entry in g_bitline_ (after programming, at construction).
  void refresh(int row, int col, int slice, bool negative);
  double target(int level) const;

  Params p_;
  AnalogParams a_;
  AnalogSettings s_;
  int slices_;
  std::vector<int> shift_;  // per column pair
  double g_step_;
  double drift_comp_;
  std::vector<double> g_prog_;  // programmed conductance per device, uS
  std::vector<double> drift_factor_;
  std::vector<Stuck> stuck_;
  std::vector<double> g_bitline_;  // conductance now (stuck, or programmed and drifted), uS
  std::vector<double> adc_gain_, adc_offset_;
};

// The noise of the largest positive weight (every slice below the MSB at its top level) as the
// array stores and reads it, relative to that weight: programming noise of each device at its
// target conductance and read noise relative to it (each only when enabled), of both devices of
// each pair, weighted by the slice's place value, in units of one conductance step. Noise-aware
// training draws weight noise with this standard deviation times each layer's largest |weight|.
double relative_weight_noise(const Params& p, const AnalogParams& a, const AnalogSettings& s);

// True when the analog macro computes this precision: abits 1..ABITS, and wbits = WBITS, or any
// wbits 1..WBITS with one bit per device (a device holding several bits cannot drop some).
bool analog_precision_ok(const Params& p, const AnalogParams& a, const Precision& prec);

// The digital recombination after the ADCs, per channel: slice codes weighted by 2^lsb, the
// request's weight MSB slice negative when wsigned, all negated again for a signed activation's
// MSB (aneg). codes: per column pair (channel-major); partial: COLS entries, overwritten.
void combine_slices(const AnalogCrossbar& xbar, const std::vector<std::int64_t>& codes, int wbits,
                    bool wsigned, bool aneg, std::vector<std::int64_t>& partial);

// The analog macro's answer to one request, computed functionally: activation bits MSB first,
// every ADC phase converted, slices recombined and signed digitally. `conversion` counts
// conversion cycles across calls (the read-noise key) and is advanced.
Response analog_mvm(const AnalogCrossbar& xbar, const Params& p, const AnalogParams& a,
                    const Request& req, std::uint64_t& conversion);

}  // namespace cim
