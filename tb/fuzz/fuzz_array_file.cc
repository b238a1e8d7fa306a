// SPDX-License-Identifier: Apache-2.0
// libFuzzer: read_array() on any bytes, as CSV (first byte even) or .npy (odd). A bad file must be
// an InputError; a good one must survive write_array() and read back equal.
#include <cstdint>

#include "cim/array_file.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string ext = data[0] % 2 ? ".npy" : ".csv";
  cim::fuzz::InputFile in(data + 1, size - 1, ext);
  const cim::ValueRange range{-(std::int64_t{1} << 40), std::int64_t{1} << 40, "fuzzed values"};
  cim::IntMatrix m;
  try {
    m = cim::read_array(in.path(), range);
  } catch (const cim::InputError&) {
    return 0;
  }
  const std::string back = in.path() + ".back" + ext;
  cim::write_array(back, m);
  const cim::IntMatrix again = cim::read_array(back, range);
  ::unlink(back.c_str());
  if (!(again == m)) cim::fuzz::found("an array read, written and read again differs");
  return 0;
}
