// SPDX-License-Identifier: Apache-2.0
// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace cim {

class ProgressBar {
 public:
  explicit ProgressBar(std::uint64_t total, bool enabled = true);
  ~ProgressBar();

  void update(std::uint64_t done);
  void finish();

 private:
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  int last_permille_ = -1;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace cim
