// SPDX-License-Identifier: Apache-2.0
// CoverageSink: where the models of a coverage build (cmake -DCIM_COVERAGE=ON, make coverage)
// leave what they counted.
//
// Verilator keeps coverage per VerilatedContext, and this kit makes a context per model (per
// test, per replay, per sweep point), with no way to add one context's counts to another's in
// memory. So each model, before it is destroyed, writes its points to a file that is read back
// and added here; the process writes the sum once, as it exits, to <dir>/<program>-<pid>.dat:
// one file per test process, merged by tb/coverage.sh. Line and toggle points are kept per module
// (the hierarchy dropped: 16 columns' adder trees are one tree's code); cover points keep their
// instance, because a generate loop of cover points (one per precision, per phase) is one point
// per index, and Verilator names them apart only per instance (forcePerInstance).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

class VerilatedContext;

namespace cim {

class CoverageSink {
 public:
  // The process's one sink (a process has one coverage file, and models are made everywhere).
  static CoverageSink& instance();

  // Adds what the context's models counted so far. Call while the models are alive: Verilator
  // reads their counters through pointers.
  void add(VerilatedContext& ctx);

  ~CoverageSink();  // writes the file

  CoverageSink(const CoverageSink&) = delete;
  CoverageSink& operator=(const CoverageSink&) = delete;

 private:
  explicit CoverageSink(std::string dir);

  std::string dir_;
  std::mutex mu_;
  std::map<std::string, std::uint64_t> counts_;  // point key (Verilator's) -> count
  std::uint64_t files_ = 0;
};

}  // namespace cim
