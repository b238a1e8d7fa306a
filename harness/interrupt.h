// SPDX-License-Identifier: Apache-2.0
// Stopping a long run cleanly on SIGINT or SIGTERM (Ctrl-C, a batch scheduler's time limit): the
// signal only sets a flag, and the next cycle any Driver steps throws Interrupted, so every
// destructor runs on the way out: waveforms are closed whole, files written atomically stay whole
// or absent, and a sweep's finished runs stay in its CSV. The flag is the process's one piece of
// global state, as a signal handler needs.
#pragma once

#include <stdexcept>

namespace cim {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Installs the handler for SIGINT and SIGTERM (a tool's main calls it once).
void stop_on_interrupt();
// Throws Interrupted once a signal has come; cheap enough for every cycle.
void throw_if_interrupted();

}  // namespace cim
