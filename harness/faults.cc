// SPDX-License-Identifier: Apache-2.0
#include "faults.h"

namespace cim {

const char* fault_class_name(FaultClass c) {
  switch (c) {
    case FaultClass::kStuckAt:
      return "stuck-at";
    case FaultClass::kTransition:
      return "transition";
    case FaultClass::kCouplingInversion:
      return "coupling (inversion)";
    case FaultClass::kCouplingIdempotent:
      return "coupling (idempotent)";
  }
  return "?";
}

std::string StorageFault::describe() const {
  std::string d = std::string(fault_class_name(cls)) + " victim " + std::to_string(victim);
  switch (cls) {
    case FaultClass::kStuckAt:
      return d + " at " + std::to_string(value);
    case FaultClass::kTransition:
      return d + (value ? " cannot rise" : " cannot fall");
    case FaultClass::kCouplingInversion:
      return d + " aggressor " + std::to_string(aggressor) +
             (aggressor_rises ? " rising" : " falling");
    case FaultClass::kCouplingIdempotent:
      return d + " aggressor " + std::to_string(aggressor) +
             (aggressor_rises ? " rising" : " falling") + " forces " + std::to_string(value);
  }
  return d;
}

std::vector<StorageFault> all_faults(FaultClass c, int cells) {
  std::vector<StorageFault> v;
  for (int victim = 0; victim < cells; ++victim) {
    if (c == FaultClass::kStuckAt || c == FaultClass::kTransition) {
      for (bool value : {false, true}) v.push_back({c, victim, value});
      continue;
    }
    for (int aggressor = 0; aggressor < cells; ++aggressor) {
      if (aggressor == victim) continue;
      for (bool rises : {false, true}) {
        if (c == FaultClass::kCouplingInversion) {
          v.push_back({c, victim, false, aggressor, rises});
        } else {
          for (bool value : {false, true}) v.push_back({c, victim, value, aggressor, rises});
        }
      }
    }
  }
  return v;
}

FaultyMacro::FaultyMacro(Macro& inner, StorageBits storage, StorageFault fault)
    : inner_(inner), storage_(storage), fault_(fault) {
  if (fault_.cls == FaultClass::kStuckAt) storage_.set(fault_.victim, fault_.value);
}

void FaultyMacro::eval(const Inputs& in, Outputs& out) {
  faulty([&] { inner_.eval(in, out); });
}

void FaultyMacro::tick() {
  faulty([&] { inner_.tick(); });
}

template <class Step>
void FaultyMacro::faulty(Step step) {
  const bool victim_before = storage_.get(fault_.victim);
  const bool aggressor_before = fault_.aggressor >= 0 && storage_.get(fault_.aggressor);
  step();
  const bool victim_after = storage_.get(fault_.victim);
  switch (fault_.cls) {
    case FaultClass::kStuckAt:
      storage_.set(fault_.victim, fault_.value);
      break;
    case FaultClass::kTransition:
      if (victim_before != fault_.value && victim_after == fault_.value) {
        storage_.set(fault_.victim, victim_before);
      }
      break;
    case FaultClass::kCouplingInversion:
    case FaultClass::kCouplingIdempotent: {
      const bool aggressor_after = storage_.get(fault_.aggressor);
      const bool coupled =
          aggressor_before != aggressor_after && aggressor_after == fault_.aggressor_rises;
      if (!coupled) break;
      storage_.set(fault_.victim,
                   fault_.cls == FaultClass::kCouplingInversion ? !victim_after : fault_.value);
      break;
    }
  }
}

}  // namespace cim
