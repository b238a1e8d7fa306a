// SPDX-License-Identifier: Apache-2.0
// The array behind the cycle model's controller: what a fired array cycle computes. The digital
// SRAM array (popcounts of wordline AND stored bit) and the analog crossbar (column currents
// through shared ADCs) share the controller, the handshakes and the accumulators, as the two RTL
// macros share cim_ctrl and cim_shift_acc.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cim/analog.h"
#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

// The controller's state during one fired array cycle of an in-range request.
struct ArrayCycle {
  int wset = 0;   // the weight set computed with
  int group = 0;  // activation bit group on the wordlines (bits group*P .. group*P+P-1)
  int phase = 0;  // conversion phase within the group, 0 .. phases()-1
  bool first_group = false;
  int top_lane = 0;  // lane of the activation MSB within the first group
  int wbits = 0;
  bool asigned = false, wsigned = false;
};

class ComputeArray {
 public:
  virtual ~ComputeArray() = default;

  // Array cycles per activation bit group (the analog macro converts ADC_SHARE phases).
  virtual int phases() const = 0;
  // Whether a precision the ports accept can be computed (the analog array may refuse some).
  virtual bool supports(const Precision& prec) const = 0;
  // An accepted write of an in-range row of a weight set (< Params::wsets).
  virtual void store(int wset, int row, const std::vector<std::uint32_t>& raw) = 0;
  // What the read port returns for a row of a weight set.
  virtual std::vector<std::uint32_t> load(int wset, int row) const = 0;
  // One fired cycle: returns true with the signed, weighted partial sum of every channel when the
  // cycle completes its group (the last phase); `act` holds the request's masked activations.
  virtual bool cycle(const ArrayCycle& c, const std::vector<std::uint32_t>& act,
                     std::vector<std::int64_t>& partial) = 0;
};

std::unique_ptr<ComputeArray> make_digital_array(const Params& p);
std::unique_ptr<ComputeArray> make_analog_array(const Params& p, const AnalogParams& a,
                                                const AnalogSettings& s);

}  // namespace cim
