// SPDX-License-Identifier: Apache-2.0
// StorageBits: a Verilated model's bitcell array, bit by bit, as the simulator holds it; the one
// accessor fault injection writes through (harness/faults.h). Bit (r, c, b), weight bit b of
// channel c in row r, is bit r * COLS * WBITS + c * WBITS + b of cim_weight_store's cells_q, which
// harness/verilated/public.vlt makes public. Nothing here includes Verilator: the adapter
// (harness/verilated/verilated_macro.h) hands over the variable's bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

namespace cim {

class StorageBits {
 public:
  // `size` bits in words of `word_bytes` bytes (1, 2, 4 or 8) from `data`, bit b in word
  // b / (8 * word_bytes): how Verilator holds a packed variable (one integer up to 64 bits, 32-bit
  // words above). harness/verilated/verilated_macro.h makes one from a public VerilatedVar.
  StorageBits(void* data, int word_bytes, int size)
      : data_(static_cast<unsigned char*>(data)), word_bytes_(word_bytes), size_(size) {}

  int size() const { return size_; }
  bool get(int bit) const {
    check(bit);
    return (word(bit) >> (bit % word_bits())) & 1;
  }
  void set(int bit, bool v) {
    check(bit);
    const std::uint64_t mask = std::uint64_t(1) << (bit % word_bits());
    put(bit, v ? word(bit) | mask : word(bit) & ~mask);
  }

 private:
  int word_bits() const { return 8 * word_bytes_; }
  // The word holding `bit`, widened, and written back: the simulator's own integer type, read and
  // written whole (memcpy of the exact width, so any host's byte order).
  std::uint64_t word(int bit) const {
    const unsigned char* at = data_ + std::size_t(bit / word_bits()) * word_bytes_;
    switch (word_bytes_) {
      case 1:
        return load<std::uint8_t>(at);
      case 2:
        return load<std::uint16_t>(at);
      case 4:
        return load<std::uint32_t>(at);
      default:
        return load<std::uint64_t>(at);
    }
  }
  void put(int bit, std::uint64_t w) {
    unsigned char* at = data_ + std::size_t(bit / word_bits()) * word_bytes_;
    switch (word_bytes_) {
      case 1:
        store<std::uint8_t>(at, w);
        break;
      case 2:
        store<std::uint16_t>(at, w);
        break;
      case 4:
        store<std::uint32_t>(at, w);
        break;
      default:
        store<std::uint64_t>(at, w);
        break;
    }
  }
  template <class T>
  static std::uint64_t load(const unsigned char* at) {
    T v;
    std::memcpy(&v, at, sizeof v);
    return v;
  }
  template <class T>
  static void store(unsigned char* at, std::uint64_t w) {
    const T v = T(w);
    std::memcpy(at, &v, sizeof v);
  }
  void check(int bit) const {
    if (bit < 0 || bit >= size_) {
      throw std::out_of_range("storage bit " + std::to_string(bit) + " of " +
                              std::to_string(size_));
    }
  }

  unsigned char* data_;
  int word_bytes_;
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
