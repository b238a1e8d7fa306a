// SPDX-License-Identifier: Apache-2.0
// A kind of macro as the kit knows it: one object per kind (harness/kinds/<kind>.cc), so that what
// differs between the digital and the analog macro (and a third kind, say an SRAM charge-domain
// macro) lives in one file a kind rather than in branches on the kind. A backend (backend.h)
// answers its questions through its kind.
#pragma once

#include <memory>
#include <string>

#include "cim/cycle_model.h"
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
};

// The object of a kind.
const MacroKindSpec& macro_kind(MacroKind kind);

}  // namespace cim
