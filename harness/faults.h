// SPDX-License-Identifier: Apache-2.0
// Faults in a Verilated digital macro's bitcell array: the classic memory fault models, injected
// through the one storage accessor (StorageBits) around a model's clock edges.
#pragma once

#include <string>
#include <vector>

#include "cim/macro.h"
#include "storage.h"

namespace cim {

enum class FaultClass {
  kStuckAt,             // the cell always holds `value`
  kTransition,          // the cell cannot change to `value` (a 0 -> 1 or 1 -> 0 write fails)
  kCouplingInversion,   // a rising (or falling) aggressor inverts the victim
  kCouplingIdempotent,  // a rising (or falling) aggressor forces the victim to `value`
};

const char* fault_class_name(FaultClass c);

struct StorageFault {
  FaultClass cls;
  int victim = 0;
  bool value = false;
  int aggressor = -1;           // coupling faults
  bool aggressor_rises = true;  // coupling faults: which transition of the aggressor couples
  std::string describe() const;
};

// Every single fault of a class over an array of `cells` bits: both values of every cell, or, for
// coupling, both transitions (and values) of every ordered pair of cells.
std::vector<StorageFault> all_faults(FaultClass c, int cells);

// A macro with one fault in its storage: the model's own after every evaluation and clock edge,
// corrected by the fault. Writes and reads go through the ports as ever, so a test sees only what
// it reads back.
class FaultyMacro final : public Macro {
 public:
  // `storage` is `inner`'s (HasStorage::storage()); both outlive this.
  FaultyMacro(Macro& inner, StorageBits storage, StorageFault fault);

  const Params& params() const override { return inner_.params(); }
  std::uint64_t cycle() const override { return inner_.cycle(); }
  // The storage can change in either: at a clock edge (flip-flops) or while a latch row is
  // transparent (SCM=1: the low phase, which eval() models).
  void eval(const Inputs& in, Outputs& out) override;
  void tick() override;

 private:
  // Runs `step` on the inner model, then corrects the storage by the fault.
  template <class Step>
  void faulty(Step step);

  Macro& inner_;
  StorageBits storage_;
  StorageFault fault_;
};

}  // namespace cim
