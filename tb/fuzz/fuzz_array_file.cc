// SPDX-License-Identifier: Apache-2.0
// libFuzzer: read_array() and read_real_array() on any bytes, as CSV (first byte even) or .npy
// (odd). A bad file must be an InputError; a good integer one must survive write_array() (with its
// rank) and read back equal, and the real reader must take every integer file the integer reader
// takes, with the same values, and give only finite numbers.
#include <cmath>
#include <cstdint>

#include "cim/array_file.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string ext = data[0] % 2 ? ".npy" : ".csv";
  cim::fuzz::InputFile in(data + 1, size - 1, ext);
  cim::RealMatrix real;
  bool real_ok = true;
  try {
    real = cim::read_real_array(in.path());
    for (double v : real.values()) {
      if (!std::isfinite(v)) cim::fuzz::found("read_real_array gave a value that is not finite");
    }
  } catch (const cim::InputError&) {
    real_ok = false;
  }
  const cim::ValueRange range{-(std::int64_t{1} << 40), std::int64_t{1} << 40, "fuzzed values"};
  cim::IntMatrix m;
  int rank = 0;
  try {
    m = cim::read_array(in.path(), range, &rank);
  } catch (const cim::InputError&) {
    return 0;
  }
  if (!real_ok) cim::fuzz::found("read_real_array refused a file read_array takes");
  if (real.rows() != m.rows() || real.cols() != m.cols())
    cim::fuzz::found("the two readers disagree on the shape");
  for (int r = 0; r < m.rows(); ++r) {
    for (int c = 0; c < m.cols(); ++c) {
      if (real.at(r, c) != double(m.at(r, c)))
        cim::fuzz::found("the two readers disagree on a value");
    }
  }
  const std::string back = in.path() + ".back" + ext;
  cim::write_array(back, m, rank);
  int again_rank = 0;
  const cim::IntMatrix again = cim::read_array(back, range, &again_rank);
  ::unlink(back.c_str());
  if (!(again == m)) cim::fuzz::found("an array read, written and read again differs");
  if (ext == ".npy" && again_rank != rank) cim::fuzz::found("a .npy written back changed its rank");
  return 0;
}
