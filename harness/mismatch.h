// SPDX-License-Identifier: Apache-2.0
// The errors a check raises: CheckFailure, the one the tools catch, and its two kinds: Mismatch
// (the DUT and the model disagree, and by how much) and AssertionFailure (an assertion in the
// RTL failed, cim_assert.svh).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cim {

class CheckFailure : public std::runtime_error {
 public:
  CheckFailure(std::uint64_t cycle, const std::string& what)
      : std::runtime_error(what), cycle_(cycle) {}
  std::uint64_t cycle() const { return cycle_; }

 private:
  std::uint64_t cycle_;
};

class Mismatch : public CheckFailure {
 public:
  Mismatch(std::uint64_t cycle, std::string port, std::string expected, std::string got,
           const std::string& context)
      : CheckFailure(cycle, "mismatch at cycle " + std::to_string(cycle) + " (" + context +
                                "): port " + port + " expected " + expected + " got " + got),
        port_(std::move(port)),
        expected_(std::move(expected)),
        got_(std::move(got)) {}

  const std::string& port() const { return port_; }
  const std::string& expected() const { return expected_; }
  const std::string& got() const { return got_; }

 private:
  std::string port_, expected_, got_;
};

class AssertionFailure : public CheckFailure {
 public:
  // assertions: the failed checks' scopes as the simulator names them
  // ("cim.cim_macro.u_ctrl.RspHeldUntilReady"), all that failed on the same edge; message: what
  // the simulator printed.
  AssertionFailure(std::uint64_t cycle, std::vector<std::string> assertions,
                   const std::string& message, const std::string& context)
      : CheckFailure(cycle, "assertion failed at cycle " + std::to_string(cycle) +
                                (context.empty() ? "" : " (" + context + ")") + ": " + message),
        assertions_(std::move(assertions)),
        message_(message) {}

  const std::vector<std::string>& assertions() const { return assertions_; }
  // Whether the check of this name (the last part of its scope) is one that failed.
  bool failed(const std::string& name) const {
    for (const std::string& a : assertions_) {
      if (a == name || (a.size() > name.size() && a.ends_with("." + name))) return true;
    }
    return false;
  }
  const std::string& message() const { return message_; }
  // The same failure with more context (the seed, the command that reproduces it, a waveform).
  AssertionFailure with_context(const std::string& context) const {
    return AssertionFailure(cycle(), assertions_, message_, context);
  }

 private:
  std::vector<std::string> assertions_;
  std::string message_;
};

}  // namespace cim
