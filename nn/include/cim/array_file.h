// SPDX-License-Identifier: Apache-2.0
// Arrays in files: CSV (one matrix row a line, comma-separated, CRLF and a leading byte-order mark
// accepted, `#` comment lines skipped) and NumPy .npy (format versions 1 to 3, integer dtypes of 1
// to 8 bytes, float32 and float64 for real arrays, either byte order, C or Fortran order, 1-D read
// as one row). The format follows the extension. Integer arrays (read_array) refuse a decimal;
// real arrays (read_real_array) take both.
//
// Reading checks everything before returning: a bad file throws InputError naming file:line:column
// (CSV) or file and element (.npy). Writing goes to a temporary file renamed into place, so a
// failed run leaves no partial output.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cim/int_matrix.h"
#include "cim/real_matrix.h"

namespace cim {

// A file that cannot be used: what is wrong and where ("W.csv:3:7: ...").
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ArrayFormat { kCsv, kNpy };

// The format a path's extension names (.csv, .npy); throws InputError for any other.
ArrayFormat array_format(const std::string& path);

// The values a file may hold, and what they are ("8-bit signed weights"), for its messages.
struct ValueRange {
  std::int64_t lo, hi;
  std::string what;
};

// The matrix in `path`; every value in `range`, every row as long as the first. `rank` (optional)
// is set to the file's: 1 for a 1-D .npy (read as one row), 2 otherwise.
IntMatrix read_array(const std::string& path, const ValueRange& range, int* rank = nullptr);

// The real matrix in `path`: CSV numbers with decimals or exponents (integers too), .npy of
// float32, float64 or any integer dtype; every value finite, every row as long as the first.
RealMatrix read_real_array(const std::string& path);

// Writes `m` in the format of the extension of `path`, atomically; rank 1 (one row) writes a
// 1-D .npy, as NumPy keeps a vector.
void write_array(const std::string& path, const IntMatrix& m, int rank = 2);

// Writes `bytes` to `path` through a temporary file renamed into place: a failure leaves no file.
// Throws InputError naming the path.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace cim
