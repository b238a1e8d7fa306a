// SPDX-License-Identifier: Apache-2.0
#include "latency.h"

#include "mismatch.h"

namespace cim {

LatencyMonitor::LatencyMonitor(std::string context, std::uint64_t max_latency, Reference reference)
    : context_(std::move(context)), max_latency_(max_latency), reference_(std::move(reference)) {}

void LatencyMonitor::observe(std::uint64_t cycle, const Inputs& in, const Outputs& out) {
  if (!in.rst_n) {  // a reset drops what is in flight (docs/macro.md)
    pending_.clear();
    held_ = false;
    return;
  }
  if (out.rsp_valid && !held_) {
    if (pending_.empty()) {
      throw Mismatch(cycle, "rsp_valid_o", "0 (no request outstanding)", "1", context_);
    }
    const std::uint64_t latency = cycle - pending_.front().accepted;
    ++histogram_[latency];
    ++responses_;
    total_ += latency;
    reference_total_ += pending_.front().reference;
    last_response_ = cycle;
    pending_.pop_front();
  }
  const bool blocked = out.rsp_valid && !in.rsp_ready;
  held_ = blocked;
  if (!blocked) {
    for (Pending& p : pending_) ++p.free;
  }
  // Still waiting after max_latency free cycles: its response could come max_latency + 1 late.
  if (max_latency_ && !pending_.empty() && pending_.front().free >= max_latency_) {
    throw Mismatch(
        cycle, "rsp_valid_o",
        "a response within --max-latency " + std::to_string(max_latency_) +
            " cycles of the request accepted at cycle " + std::to_string(pending_.front().accepted),
        "none in " + std::to_string(pending_.front().free) + " cycles with the response port free",
        context_);
  }
  if (in.req_valid && out.req_ready) {
    if (!any_accepted_) first_accept_ = cycle;
    any_accepted_ = true;
    pending_.push_back({cycle, reference_(in)});
  }
}

std::uint64_t LatencyMonitor::percentile(double fraction) const {
  std::uint64_t seen = 0;
  for (const auto& [latency, count] : histogram_) {
    seen += count;
    if (double(seen) >= fraction * double(responses_)) return latency;
  }
  return 0;
}

double LatencyMonitor::throughput() const {
  if (!responses_) return 0.0;
  return double(responses_) / double(last_response_ - first_accept_ + 1);
}

}  // namespace cim
