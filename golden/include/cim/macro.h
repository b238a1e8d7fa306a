// SPDX-License-Identifier: Apache-2.0
// One interface, every backend: the golden cycle model, the Verilated digital macro and (later)
// the Verilated analog macro all step through clock cycles the same way, so the harness, cimsim
// and the benchmarks are written once.
#pragma once

#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

class Macro {
 public:
  virtual ~Macro() = default;

  virtual const Params& params() const = 0;

  // Applies `in` (clock low) and returns the outputs as they settle before the next rising edge.
  // rst_n low resets the control state at once (asynchronous reset).
  virtual void eval(const Inputs& in, Outputs& out) = 0;

  // Rising clock edge with the inputs of the last eval().
  virtual void tick() = 0;

  // Clock cycles completed since construction.
  virtual std::uint64_t cycle() const = 0;
};

}  // namespace cim
