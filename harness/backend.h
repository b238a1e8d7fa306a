// SPDX-License-Identifier: Apache-2.0
// The backends: every model a macro can be simulated with, by name, and the Verilated models
// this build compiled (flow/configs.txt lines marked `model`, the examples, plus
// CIM_EXTRA_CONFIGS). This face includes nothing of Verilator: the registry behind it
// (harness/verilated/models.cc.in, generated per build) and the adapter (harness/verilated/) are
// the only code that does, so the runtime and cimsim above it compile without Verilator's headers.
//
// A backend is a golden cycle model or a device under test: RTL behind the CIM ports registered
// with opencim_add_dut (cmake/opencim_dut.cmake), the kit's two macros ("digital", "analog") the
// same way as a user's. Each DUT answers to a golden twin (the cycle model with the same array)
// and claims a check: cycle-exact (every port, every cycle, against that model) or transaction
// (every response and read against mvm() and the shadow weights, the handshakes, latency bounds).
// Everything that names a backend (cimsim, the tests, make synth's activity run) looks it up here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cim/analog.h"
#include "cim/analog_cost.h"
#include "cim/cycle_model.h"
#include "cim/macro.h"
#include "macro_kind.h"

namespace cim {

// How a parameter set's model was built (flow/configs.txt's uses): plain; with randomized initial
// values (--x-assign/--x-initial unique, the X-hygiene tests); or with the bitcell array public
// for fault injection (harness/verilated/public.vlt: a public array is re-evaluated on every input
// change, which costs the plain models about 3x, so only these builds have it).
enum class ModelVariant { kPlain, kXUnique, kStorageAccess };

struct ModelOptions {
  std::string trace_path;        // FST waveform when set (harness/verilated/trace.vlt says of what)
  std::uint64_t trace_from = 0;  // first cycle written to it
  std::uint64_t trace_cycles = 0;               // cycles written from there; 0: to the end
  ModelVariant variant = ModelVariant::kPlain;  // which build of the parameter set
  std::uint64_t seed = 0;             // seed for randomized initial values (kXUnique models)
  std::vector<std::string> plusargs;  // "+name=value" run-time settings (the analog crossbar's)
};

enum class MacroKind { kDigital, kAnalog };

// How a DUT is checked (docs/your-macro.md): against the golden cycle model on every port and
// cycle, or by transaction on the ports.
enum class CheckMode { kCycleExact, kTransaction };
// "cycle-exact", "transaction": the one spelling, read by every option and message.
const char* check_mode_name(CheckMode m);
// Throws std::invalid_argument naming both spellings when `name` is neither.
CheckMode parse_check_mode(const std::string& name);

// A device under test as opencim_add_dut registered it.
struct Dut {
  const char* name;           // the backend's name ("digital", "my_macro")
  const char* top;            // its top module
  MacroKind macro;            // the golden model it answers to
  CheckMode check;            // the check it claims
  const char* storage_scope;  // the instance of its bitcell array below the top ("u_store"), ""
                              // for the top itself
  const char* storage_var;    // ... and the variable there ("cells_q")
  const char* description;
  bool has_storage() const { return *storage_var != '\0'; }
};

// The analog macro's compile-time parameters, run-time settings and the technology figures its
// modelled costs use (cim/analog_cost.h; they change no simulated value).
struct AnalogSetup {
  AnalogParams params;
  AnalogSettings settings;
  AnalogCost cost = {};
};

// What a backend is built from: the macro parameters and, for the analog macro, its own.
struct MacroSetup {
  Params params;
  AnalogSetup analog;  // read by the analog backends only
};

// A compiled analog parameter set.
struct AnalogConfig {
  Params params;
  AnalogParams analog;
  std::string name() const;  // e.g. "r64_c16_w8_a8_cb2_adc8_s1"
};

class Backend {
 public:
  enum class Model { kGolden, kVerilated };

  // A golden model.
  Backend(std::string name, MacroKind macro, std::string description)
      : name_(std::move(name)),
        macro_(macro),
        model_(Model::kGolden),
        description_(std::move(description)) {}
  // A device under test.
  explicit Backend(const Dut& dut)
      : name_(dut.name),
        macro_(dut.macro),
        model_(Model::kVerilated),
        description_(dut.description),
        dut_(&dut) {}

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  MacroKind macro() const { return macro_; }
  // What its kind of macro answers (harness/macro_kind.h).
  const MacroKindSpec& kind() const { return macro_kind(macro_); }
  // A compiled RTL model: it has signals to trace, and exists for the compiled parameter sets only.
  bool verilated() const { return model_ == Model::kVerilated; }
  // The RTL behind it (a Verilated backend), else null.
  const Dut* dut() const { return dut_; }
  // The check it claims: a DUT's own; a golden model is its own reference (cycle-exact).
  CheckMode claimed_check() const { return dut_ ? dut_->check : CheckMode::kCycleExact; }

  // Throws std::invalid_argument naming the parameter or setting out of range for this backend.
  void validate(const MacroSetup& s) const;
  // Whether this build can make it (a Verilated model needs its parameter set compiled).
  bool available(const MacroSetup& s) const;
  // Builds it; throws std::invalid_argument listing the compiled sets when it is not available.
  std::unique_ptr<Macro> make(const MacroSetup& s, const ModelOptions& opt = {}) const;
  // The golden cycle model it is checked against: the same array behind the same controller.
  std::unique_ptr<CycleModel> make_golden(const MacroSetup& s) const;
  // Whether it computes a precision the ports accept (others answer rsp_err_o).
  bool supports(const MacroSetup& s, const Precision& prec) const;
  // Whether its answers equal mvm() exactly: always digital; analog only with ideal devices and
  // an ADC whose LSB is one conductance level.
  bool exact(const MacroSetup& s) const;
  // Array cycles per activation bit group: the analog macro converts ADC_SHARE phases.
  int phases(const MacroSetup& s) const;
  // Array cycles an in-range request of `abits` occupies.
  int compute_cycles(const MacroSetup& s, int abits) const {
    return s.params.compute_cycles(abits) * phases(s);
  }
  // Cycles from a request's acceptance to its response (the reference timing): one after its last
  // array cycle, and one more behind the pipeline register (PIPE).
  int response_latency(const MacroSetup& s, int abits) const {
    return compute_cycles(s, abits) + 1 + s.params.pipe;
  }
  // Requests the reference macro holds at most: one computing, one waiting as a response, and one
  // whose last group is in the pipeline register.
  int max_held(const MacroSetup& s) const { return 2 + s.params.pipe; }
  // The configuration's name: Params::name(), or AnalogConfig::name() for the analog macro.
  std::string config_name(const MacroSetup& s) const;

 private:
  std::string name_;
  MacroKind macro_;
  Model model_;
  std::string description_;
  const Dut* dut_ = nullptr;
};

// Every registered DUT, the kit's first.
const std::vector<Dut>& duts();
// golden, digital, analog-golden, analog, then the other DUTs.
const std::vector<Backend>& backends();
// Throws std::invalid_argument naming the known backends when there is no such one.
const Backend& find_backend(const std::string& name);

// Throws std::invalid_argument listing the compiled parameter sets when `p` is not one of them.
std::unique_ptr<Macro> make_digital_macro(const Params& p, const ModelOptions& opt = {});
// A Verilated cim_analog_macro with the settings passed as +plusargs (nothing is rebuilt to
// change them). Throws std::invalid_argument listing the compiled sets when (p, a) is not one.
std::unique_ptr<Macro> make_analog_macro(const Params& p, const AnalogSetup& a,
                                         const ModelOptions& opt = {});

// The compiled parameter sets of a DUT's backend in one build variant (flow/configs.txt: model,
// x-unique, storage), analog settings at their defaults.
std::vector<MacroSetup> dut_configs(const Backend& b, ModelVariant variant = ModelVariant::kPlain);
// The same for the kit's cim_macro ("digital") and cim_analog_macro ("analog").
std::vector<Params> digital_configs(ModelVariant variant = ModelVariant::kPlain);
std::vector<AnalogConfig> analog_configs();

}  // namespace cim
