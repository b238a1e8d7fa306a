// SPDX-License-Identifier: Apache-2.0
// LatencyMonitor: the timing a DUT checked by transaction promises (docs/your-macro.md), measured
// and bounded on the ports: each accepted request is answered, in order, within max_latency
// cycles, counting only the cycles in which the response port was free (a response waiting for
// rsp_ready_i blocks the ones behind it, and back-pressure is the consumer's choice, not the
// DUT's). Latency is from the cycle a request is accepted to the first cycle its response is
// valid; the reference macro's is Backend::response_latency. It also gives the distribution and
// the throughput a designer compares variants by.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "cim/ports.h"

namespace cim {

class LatencyMonitor {
 public:
  // The reference macro's latency for a request with these inputs (its precision).
  using Reference = std::function<std::uint64_t(const Inputs&)>;

  // max_latency 0: measured, not bounded.
  LatencyMonitor(std::string context, std::uint64_t max_latency, Reference reference);

  // Call once per cycle with the inputs driven and the outputs settled before the clock edge.
  // Throws Mismatch when a response comes with no request outstanding or the oldest request has
  // waited past max_latency.
  void observe(std::uint64_t cycle, const Inputs& in, const Outputs& out);

  std::uint64_t max_latency() const { return max_latency_; }
  std::uint64_t responses() const { return responses_; }
  // Latency (cycles) -> responses with it.
  const std::map<std::uint64_t, std::uint64_t>& histogram() const { return histogram_; }
  double mean() const { return responses_ ? double(total_) / double(responses_) : 0.0; }
  // The reference macro's mean latency for the same requests.
  double reference_mean() const {
    return responses_ ? double(reference_total_) / double(responses_) : 0.0;
  }
  // The smallest latency that `fraction` of the responses did not exceed (0.5: the median).
  std::uint64_t percentile(double fraction) const;
  // Responses per cycle from the first request accepted to the last response.
  double throughput() const;

 private:
  struct Pending {
    std::uint64_t accepted;   // the cycle it was accepted
    std::uint64_t reference;  // the reference macro's latency for it
    std::uint64_t free = 0;   // cycles waited since, with the response port free
  };

  std::string context_;
  std::uint64_t max_latency_;
  Reference reference_;
  std::deque<Pending> pending_;
  bool held_ = false;  // a response was valid and not taken last cycle: the same one continues
  std::map<std::uint64_t, std::uint64_t> histogram_;
  std::uint64_t responses_ = 0, total_ = 0, reference_total_ = 0;
  std::uint64_t first_accept_ = 0, last_response_ = 0;
  bool any_accepted_ = false;
};

}  // namespace cim
