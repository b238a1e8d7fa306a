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

class MacroKindSpec {
 public:
  virtual ~MacroKindSpec() = default;

  // The kind's golden cycle model as a backend: its name ("golden") and description.
  virtual const char* golden_backend() const = 0;
  virtual const char* golden_description() const = 0;
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

  // Its name, as make's MACRO= and a synthesis report's config write it ("digital").
  virtual const char* name() const = 0;
  // What `make synth` measures of it ("the digital macro").
  virtual const char* synthesized_part() const = 0;
  // The section of its synthesis report that holds the whole macro's peak density.
  virtual const char* density_section() const = 0;
  // The prefix of the cimsim option groups that are its own ("Digital macro").
  virtual const char* option_group() const = 0;
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
};

// The object of a kind; every kind, in MacroKind's order.
const MacroKindSpec& macro_kind(MacroKind kind);
const std::vector<MacroKind>& macro_kinds();
// The kind of that name() ("analog"); throws std::invalid_argument naming the kinds.
MacroKind macro_kind_named(const std::string& name);

}  // namespace cim
