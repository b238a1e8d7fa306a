// SPDX-License-Identifier: Apache-2.0
// RandomTraffic: protocol-correct random port activity, one cycle at a time. Writes, reads and
// requests are raised at random and each held, unchanged, until its handshake; rsp_ready_i is
// drawn fresh every cycle. Tests and cimsim use it to mix compute with storage traffic and
// back-pressure.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "driver.h"
#include "stimulus.h"

namespace cim {

struct TrafficMix {
  double p_write = 0.0;  // chance a write starts in a cycle with none pending
  double p_read = 0.0;
  double p_request = 1.0;
  double p_rsp_ready = 1.0;
  double p_bad_precision = 0.0;   // chance a request carries an out-of-range precision
  std::optional<Precision> prec;  // fixed precision; random in range when empty
  bool full_wbits = false;        // random precisions keep wbits = WBITS (multi-bit analog cells)
  bool include_missing_rows = false;  // address rows >= ROWS (when the port can)
  bool one_wset = false;  // requests compute with weight set 0 (a tile's stream); else any
  double p_reset = 0.0;   // chance of a reset (rst_ni low one or two cycles) in a cycle
};

class RandomTraffic {
 public:
  RandomTraffic(Driver& drv, std::mt19937_64& rng, const TrafficMix& mix);

  // Drives one cycle (after a reset, when one is drawn) and returns its settled outputs.
  const Outputs& cycle();
  // Resets driven so far.
  std::uint64_t resets() const { return resets_; }

 private:
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::uint32_t random_row();
  std::uint32_t random_wset();
  void new_request();

  Driver& drv_;
  std::mt19937_64& rng_;
  TrafficMix mix_;
  Params p_;
  RandomStimulus stimulus_;
  std::uint64_t resets_ = 0;
};

}  // namespace cim
