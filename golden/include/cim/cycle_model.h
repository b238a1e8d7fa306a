// SPDX-License-Identifier: Apache-2.0
// Cycle-accurate model of cim_macro: fed the same inputs each cycle, it predicts every output
// port every cycle. It models the architecture (activation bit groups most significant first,
// per-bit-column and per-lane popcounts, signed shift-and-add, accumulator as response register)
// rather than calling mvm(), so comparing its responses with mvm() checks the architecture too.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cim/compute_array.h"
#include "cim/macro.h"
#include "cim/mvm.h"

namespace cim {

class CycleModel final : public Macro {
 public:
  explicit CycleModel(const Params& p);  // cim_macro
  // cim_analog_macro: the same controller in front of the analog crossbar.
  CycleModel(const Params& p, const AnalogParams& a, const AnalogSettings& s);

  const Params& params() const override { return p_; }
  void eval(const Inputs& in, Outputs& out) override;
  void tick() override;
  std::uint64_t cycle() const override { return cycle_; }

  // Changes one stored weight of set 0 behind the ports' back (fault injection; checker
  // self-tests).
  void poke_weight(int row, int col, std::uint32_t raw);

 private:
  struct Control {
    bool active = false;  // out of reset for at least one edge
    bool busy = false;
    bool err = false;
    bool first = false;       // the first activation bit group is on the wordlines
    std::uint32_t group = 0;  // activation bit group on the wordlines
    std::uint32_t top = 0;    // lane of the MSB within the first group
    std::uint32_t phase = 0;  // conversion phase within the group
    std::uint32_t wbits = 0;
    bool asigned = false, wsigned = false;
    std::uint32_t wset = 0;  // the set the request computes with
    bool rsp_valid = false, rsp_err = false;
    bool rd_data_valid = false;
  };
  // A completed group on its way to the accumulators: the array cycle's partial sums, held for one
  // cycle by the pipeline register (PIPE), or applied in the array cycle itself.
  struct Group {
    bool valid = false;
    bool first = false, last = false, err = false;
    std::vector<std::int64_t> partial;
  };

  CycleModel(const Params& p, std::unique_ptr<ComputeArray> array);
  void reset();
  bool stall(const Inputs& in) const;
  bool fire(const Inputs& in) const;
  bool slot_open(const Inputs& in) const;
  bool hold_request(const Inputs& in) const;
  std::uint32_t wset(std::uint32_t port) const;
  bool storage_ready(const Inputs& in, std::uint32_t port_wset) const;
  bool array_cycle(Group& g);
  void accumulate(const Group& g);

  Params p_;
  std::unique_ptr<ComputeArray> array_;
  std::uint32_t row_mask_, abits_mask_, wbits_mask_, act_mask_;

  std::vector<std::uint32_t> act_;
  Control ctl_;
  Group now_, pipe_;  // the array cycle's group; the pipeline register's
  std::vector<std::int64_t> acc_;
  std::vector<std::uint32_t> rd_data_;

  Inputs in_;
  std::uint64_t cycle_ = 0;
};

}  // namespace cim
