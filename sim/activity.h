// SPDX-License-Identifier: Apache-2.0
// ActivityCounter: switching activity of every input port bit over a simulation, written as
// OpenSTA set_power_activity commands so power analysis rests on a real workload instead of a
// guessed toggle rate. Activity is transitions per clock cycle, duty the fraction of cycles high.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cim/ports.h"

namespace cim {

class ActivityCounter {
 public:
  explicit ActivityCounter(const Params& p);

  void observe(const Inputs& in);

  std::uint64_t cycles() const { return cycles_; }

  // One set_power_activity line per input port bit (clk_i excluded: it is the clock).
  void write_sta(std::ostream& os) const;

 private:
  struct Bit {
    std::string port;
    int index;  // -1 for a 1-bit port
    std::uint64_t toggles = 0, high = 0;
    bool last = false;
  };

  void sample(std::size_t& slot, bool value);
  void add_port(const std::string& name, int width);

  Params p_;
  std::vector<Bit> bits_;
  std::uint64_t cycles_ = 0;
};

}  // namespace cim
