// SPDX-License-Identifier: Apache-2.0
// libFuzzer: read_fault_map() on any bytes, for a 23x3x5 analog macro with 1-bit cells. A bad map
// must be std::invalid_argument; a good one must survive write_fault_map() and read back equal.
#include <cstdint>
#include <fstream>

#include "cim/analog.h"
#include "fuzz_input.h"

namespace {

bool same(const std::vector<cim::Fault>& a, const std::vector<cim::Fault>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].row != b[i].row || a[i].col != b[i].col || a[i].slice != b[i].slice ||
        a[i].negative != b[i].negative || a[i].state != b[i].state) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const cim::Params p{23, 3, 5, 3, 1};
  const cim::AnalogParams a{1, 5, 3};
  cim::fuzz::InputFile in(data, size, ".txt");
  std::vector<cim::Fault> faults;
  try {
    faults = cim::read_fault_map(in.path(), p, a);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const std::string back = in.path() + ".back";
  {
    std::ofstream os(back);
    cim::write_fault_map(os, faults);
  }
  const std::vector<cim::Fault> again = cim::read_fault_map(back, p, a);
  ::unlink(back.c_str());
  if (!same(faults, again)) cim::fuzz::found("a fault map read, written and read again differs");
  return 0;
}
