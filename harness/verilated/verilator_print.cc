// SPDX-License-Identifier: Apache-2.0
#include "verilator_print.h"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace {

// Per thread, because each thread runs its own models (one VerilatedContext each) and Verilator's
// print hook carries no model. Bounded: a model that keeps failing does not grow it.
thread_local std::string errors;
constexpr std::size_t kMaxErrors = 4096;

}  // namespace

extern "C" int cim_verilator_printf(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::vector<char> text(std::size_t(n > 0 ? n : 0) + 1);
  std::vsnprintf(text.data(), text.size(), format, again);
  va_end(again);
  std::fputs(text.data(), stdout);
  const std::string line(text.data());
  if (line.find("%Error") != std::string::npos && errors.size() < kMaxErrors) errors += line;
  return n;
}

namespace cim {

std::string take_verilator_errors() {
  std::string taken;
  taken.swap(errors);
  return taken;
}

}  // namespace cim
