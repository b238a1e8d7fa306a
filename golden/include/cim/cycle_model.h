// Cycle-accurate model of cim_macro: fed the same inputs each cycle, it predicts every output
// port every cycle. It models the architecture (activation bit groups most significant first,
// per-bit-column and per-lane popcounts, signed shift-and-add, accumulator as response register)
// rather than calling mvm(), so comparing its responses with mvm() checks the architecture too.
#pragma once

#include <cstdint>
#include <vector>

#include "cim/macro.h"
#include "cim/mvm.h"

namespace cim {

class CycleModel final : public Macro {
 public:
  explicit CycleModel(const Params& p);

  const Params& params() const override { return p_; }
  void eval(const Inputs& in, Outputs& out) override;
  void tick() override;
  std::uint64_t cycle() const override { return cycle_; }

  // The stored weights, as written through the write port.
  const WeightMatrix& weights() const { return weights_; }

  // Changes one stored weight behind the ports' back (fault injection; checker self-tests).
  void poke_weight(int row, int col, std::uint32_t raw);

 private:
  struct Control {
    bool active = false;  // out of reset for at least one edge
    bool busy = false;
    bool err = false;
    bool first = false;
    std::uint32_t bit = 0;  // activation bit group on the wordlines
    std::uint32_t top = 0;  // lane of the MSB within the first group
    std::uint32_t wbits = 0;
    bool asigned = false, wsigned = false;
    bool rsp_valid = false, rsp_err = false;
    bool rd_data_valid = false;
  };

  void reset();
  bool fire(const Inputs& in) const;
  bool slot_open(const Inputs& in) const;
  void store(int row, const std::vector<std::uint32_t>& raw_row);
  void accumulate();

  Params p_;
  int words_;             // 64-bit words per bit column
  std::uint32_t row_mask_, abits_mask_, wbits_mask_, act_mask_, weight_mask_;

  WeightMatrix weights_;
  std::vector<std::uint64_t> columns_;  // bit column (c, j) = rows' bit j of weight c, packed
  std::vector<std::uint32_t> act_;
  Control s_;
  std::vector<std::int64_t> acc_;
  std::vector<std::uint32_t> rd_data_;
  std::vector<std::uint64_t> wordlines_;  // scratch

  Inputs in_;
  std::uint64_t cycle_ = 0;
};

}  // namespace cim
