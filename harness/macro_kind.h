// SPDX-License-Identifier: Apache-2.0
// A kind of macro as the kit knows it: one object per kind (harness/kinds/<kind>.cc), so that what
// differs between the digital and the analog macro (and a third kind, say an SRAM charge-domain
// macro) lives in one file a kind rather than in branches on the kind. A backend (backend.h)
// answers its questions through its kind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analog_plusargs.h"
#include "cim/analog_cost.h"
#include "cim/cycle_model.h"
#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

struct MacroSetup;
enum class MacroKind;

// What a kind is called, and where: constant text, one kind's given to its constructor.
struct MacroKindNames {
  const char* name;                // make's MACRO=, a synthesis report's config ("digital")
  const char* golden_backend;      // its golden cycle model as a backend ("golden")
  const char* golden_description;  // that backend's description
  const char* synthesized_part;    // what make synth measures of it ("the digital macro")
  const char* density_section;     // its synthesis report's section with the whole macro's peak
                                   // density ("efficiency")
  const char* option_group;        // the prefix of its own cimsim option groups ("Digital macro")
};

class MacroKindSpec {
 public:
  explicit MacroKindSpec(const MacroKindNames& names) : names_(names) {}
  virtual ~MacroKindSpec() = default;

  const char* name() const { return names_.name; }
  const char* golden_backend() const { return names_.golden_backend; }
  const char* golden_description() const { return names_.golden_description; }
  const char* synthesized_part() const { return names_.synthesized_part; }
  const char* density_section() const { return names_.density_section; }
  const char* option_group() const { return names_.option_group; }

  // Throws std::invalid_argument naming the parameter or setting out of range.
  virtual void validate(const MacroSetup& s) const = 0;
  // The configuration's name ("r64_c16_w8_a8").
  virtual std::string config_name(const MacroSetup& s) const = 0;
  // The golden cycle model of a macro of this kind.
  virtual std::unique_ptr<CycleModel> make_golden(const MacroSetup& s) const = 0;
  // Whether it computes a precision the ports accept in range (others answer rsp_err_o).
  virtual bool supports(const MacroSetup& s, const Precision& prec) const = 0;
  // Whether its answers equal mvm() exactly.
  virtual bool exact(const MacroSetup& s) const = 0;
  // Array cycles per activation bit group.
  virtual int phases(const MacroSetup& s) const = 0;

  // Every parameter its macro takes, in the record's order.
  virtual std::vector<ParamValue> param_values(const MacroSetup& s) const = 0;
  // What a one-line description adds after the shape ("", ", SCM=1", ", 2-bit cells, ...").
  virtual std::string describe(const MacroSetup& s) const = 0;
  // Whether its requests take the full weight precision only (multi-bit analog cells).
  virtual bool full_wbits_only(const MacroSetup& s) const = 0;
  // Whether it converts through ADCs (their calibration, ranges and device settings apply).
  virtual bool has_adc() const = 0;
  // Whether its weights are stored as bits (bit flips and the storage hook's faults apply).
  virtual bool stores_bits() const = 0;
  // The +plusargs its RTL reads for the setup's settings (and the files they name, while the
  // object lives).
  virtual std::unique_ptr<Plusargs> plusargs(const MacroSetup& s) const = 0;
  // The modelled energy of its work, observed at the ports (the analog cost model); null where
  // its energy comes from a synthesis report only.
  virtual std::unique_ptr<AnalogEnergyMeter> make_energy_meter(const MacroSetup& s) const = 0;

 private:
  MacroKindNames names_;
};

// The object of a kind; every kind, in MacroKind's order.
const MacroKindSpec& macro_kind(MacroKind kind);
const std::vector<MacroKind>& macro_kinds();
// The kind of that name() ("analog"); throws std::invalid_argument naming the kinds.
MacroKind macro_kind_named(const std::string& name);

}  // namespace cim
