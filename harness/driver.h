// SPDX-License-Identifier: Apache-2.0
// Driver: turns operations (reset, write a row, read a row, run MVMs) into per-cycle port
// activity on any Macro, honouring every valid/ready handshake. Observers see each cycle's inputs
// and settled outputs before the clock edge (the monitor hooks in here).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "cim/macro.h"
#include "cim/mvm.h"

namespace cim {

class Driver {
 public:
  using Observer = std::function<void(std::uint64_t cycle, const Inputs&, const Outputs&)>;
  // Decides rsp_ready_i for the coming cycle; the default is always ready.
  using ReadyPolicy = std::function<bool()>;

  explicit Driver(Macro& macro);

  void add_observer(Observer obs) { observers_.push_back(std::move(obs)); }

  // The inputs of the next cycle; they persist from cycle to cycle until changed.
  Inputs& in() { return in_; }
  const Outputs& out() const { return out_; }
  Macro& macro() { return macro_; }

  // One clock cycle: settle outputs, notify observers, rising edge. Returns the settled outputs.
  const Outputs& step();

  // rst_ni low for `cycles` cycles, then one cycle until the macro takes handshakes.
  void reset(int cycles = 2);

  // Storage access to a row of weight set `wset` (the only one, 0, unless Params::wsets > 1).
  void write_row(int row, const std::vector<std::uint32_t>& data, int wset = 0);
  void load(const WeightMatrix& w, int wset = 0);
  std::vector<std::uint32_t> read_row(int row, int wset = 0);

  // One MVM, waiting for its response with rsp_ready_i high.
  Response mvm(const Request& req);

  // Issues `reqs` back to back, as fast as req_ready_o allows, with rsp_ready_i drawn from
  // `ready` every cycle, and returns the responses in order. Queued writes go out meanwhile, each
  // as soon as wr_ready_o takes it (with weight sets: while the array computes with another set).
  std::vector<Response> stream(const std::vector<Request>& reqs, const ReadyPolicy& ready = {});

  // A write for stream() to send beside its requests; drain_writes() sends what is left.
  void queue_write(int row, std::vector<std::uint32_t> data, int wset);
  void drain_writes();
  std::size_t queued_writes() const { return writes_.size(); }

  // Cycles to wait for a handshake before giving up with an error.
  static constexpr int kTimeoutCycles = 10000;

 private:
  struct Write {
    int row;
    std::vector<std::uint32_t> data;
    int wset;
  };

  void set_request(const Request& req);
  void offer_write();
  void clear_strobes();
  [[noreturn]] void timeout(const char* what) const;

  Macro& macro_;
  Inputs in_;
  Outputs out_;
  std::vector<Observer> observers_;
  std::deque<Write> writes_;
};

}  // namespace cim
