// SPDX-License-Identifier: Apache-2.0
#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace cim {

ProgressBar::ProgressBar(std::uint64_t total, bool enabled)
    : total_(total ? total : 1),
      enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_) return;
  const int permille = int(done * 1000 / total_);
  if (permille == last_permille_) return;
  last_permille_ = permille;
  constexpr int kWidth = 40;
  const int filled = permille * kWidth / 1000;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %llu/%llu MVMs  %.1f s", filled,
               "========================================", kWidth - filled, "", permille / 10.0,
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
               secs);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fputc('\n', stderr);
}

}  // namespace cim
