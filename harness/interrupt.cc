// SPDX-License-Identifier: Apache-2.0
#include "interrupt.h"

#include <atomic>
#include <csignal>
#include <string>

namespace cim {

namespace {

std::atomic<int> pending_signal{0};  // lock-free: safe to set from a signal handler
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_signal(int signal) { pending_signal.store(signal, std::memory_order_relaxed); }

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(std::string("interrupted by ") + (signal == SIGINT    ? "SIGINT"
                                                           : signal == SIGTERM ? "SIGTERM"
                                                                               : "a signal")),
      signal_(signal) {}

void stop_on_interrupt() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

void throw_if_interrupted() {
  if (const int s = pending_signal.load(std::memory_order_relaxed)) throw Interrupted(s);
}

}  // namespace cim
