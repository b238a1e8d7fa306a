// SPDX-License-Identifier: Apache-2.0
// libFuzzer: read_adc_ranges() on any bytes, for a 23x3x5 analog macro with 1-bit cells and a 3-bit
// ADC (shifts 0..2). A bad file must be std::invalid_argument; a good one must give one shift per
// column pair, each in range, and survive write_adc_ranges() and read back equal.
#include <cstdint>
#include <fstream>

#include "cim/analog.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const cim::Params p{23, 3, 5, 3, 1};
  const cim::AnalogParams a{1, 3, 3};
  const cim::AnalogSettings s;
  cim::fuzz::InputFile in(data, size, ".txt");
  std::vector<int> shifts;
  try {
    shifts = cim::read_adc_ranges(in.path(), p, a, s);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  cim::AnalogSettings with = s;
  with.adc_shifts = shifts;
  if (cim::adc_ranges(p, a, with) != shifts)
    cim::fuzz::found("ADC ranges read are not valid ranges");
  const std::string back = in.path() + ".back";
  {
    std::ofstream os(back);
    cim::write_adc_ranges(os, shifts, a.slices(p));
  }
  const std::vector<int> again = cim::read_adc_ranges(back, p, a, s);
  ::unlink(back.c_str());
  if (again != shifts) cim::fuzz::found("ADC ranges read, written and read again differ");
  return 0;
}
