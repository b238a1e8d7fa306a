// SPDX-License-Identifier: Apache-2.0
// StorageBits: a Verilated model's bitcell array, bit by bit, as the simulator holds it; the one
// accessor fault injection writes through (harness/faults.h). Bit (r, c, b), weight bit b of
// channel c in row r, is bit r * COLS * WBITS + c * WBITS + b of cim_weight_store's cells_q, which
// harness/verilated/public.vlt makes public.
#pragma once

#include <verilated.h>
#include <verilated_sym_props.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace cim {

class StorageBits {
 public:
  explicit StorageBits(const VerilatedVar& var)
      : data_(var.datap()), type_(var.vltype()), size_(var.packed().elements()) {}

  int size() const { return size_; }
  bool get(int bit) const {
    check(bit);
    switch (type_) {
      case VLVT_UINT8: return (*static_cast<const CData*>(data_) >> bit) & 1;
      case VLVT_UINT16: return (*static_cast<const SData*>(data_) >> bit) & 1;
      case VLVT_UINT32: return (*static_cast<const IData*>(data_) >> bit) & 1;
      case VLVT_UINT64: return (*static_cast<const QData*>(data_) >> bit) & 1;
      default: return (static_cast<const EData*>(data_)[bit / 32] >> (bit % 32)) & 1;
    }
  }
  void set(int bit, bool v) {
    check(bit);
    switch (type_) {
      case VLVT_UINT8: put(*static_cast<CData*>(data_), bit, v); break;
      case VLVT_UINT16: put(*static_cast<SData*>(data_), bit, v); break;
      case VLVT_UINT32: put(*static_cast<IData*>(data_), bit, v); break;
      case VLVT_UINT64: put(*static_cast<QData*>(data_), bit, v); break;
      default: put(static_cast<EData*>(data_)[bit / 32], bit % 32, v); break;
    }
  }

 private:
  template <class T>
  static void put(T& word, int bit, bool v) {
    word = v ? T(word | (T(1) << bit)) : T(word & ~(T(1) << bit));
  }
  void check(int bit) const {
    if (bit < 0 || bit >= size_) {
      throw std::out_of_range("storage bit " + std::to_string(bit) + " of " +
                              std::to_string(size_));
    }
  }

  void* data_;
  VerilatedVarType type_;
  int size_;
};

// A model whose bitcell array C++ can reach: the Verilated digital macro (the analog macro's
// conductances live in its behavioral crossbar, which has no such array).
class HasStorage {
 public:
  virtual ~HasStorage() = default;
  virtual std::optional<StorageBits> storage() = 0;
};

}  // namespace cim
