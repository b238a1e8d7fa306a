// SPDX-License-Identifier: Apache-2.0
#include "cim/array_file.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <vector>

namespace cim {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw InputError(where + ": " + what);
}

std::string read_whole(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail(path, "is a folder, not a file");
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(path, std::string("cannot open (") + std::strerror(errno) + ")");
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) fail(path, "read error");
  return s.str();
}

std::string out_of_range(std::int64_t v, const ValueRange& range) {
  return "value " + std::to_string(v) + " is out of range for " + range.what + " (" +
         std::to_string(range.lo) + ".." + std::to_string(range.hi) + ")";
}

// --- CSV ------------------------------------------------------------------------------------

// One CSV field as an integer in `range`, or a real number; fails naming file:line:column.
struct IntField {
  const ValueRange& range;
  using Value = std::int64_t;
  Value parse(const std::string& at, const char* first, const char* last,
              const std::string& token) const {
    if (*first == '+') ++first;
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range)
      fail(at, "'" + token + "' is outside the 64-bit integers");
    if (ec != std::errc() || ptr != last || first == last)
      fail(at, "'" + token + "' is not an integer");
    if (v < range.lo || v > range.hi) fail(at, out_of_range(v, range));
    return v;
  }
};

struct RealField {
  using Value = double;
  Value parse(const std::string& at, const char* first, const char* last,
              const std::string& token) const {
    if (*first == '+') ++first;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last || first == last || !std::isfinite(v)) {
      fail(at, "'" + token + "' is not a finite number");
    }
    return v;
  }
};

template <typename Field>
std::vector<typename Field::Value> read_csv(const std::string& path, const std::string& text,
                                            const Field& field, int& rows, int& cols) {
  std::vector<typename Field::Value> values;
  int first_line = 0, line_no = 0;
  rows = 0;
  cols = -1;
  // A byte-order mark (what some editors write first) is not part of the first number.
  std::size_t pos = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ":" + std::to_string(line_no);
    if (line.find_first_not_of(" \t") == std::string::npos) {
      // Blank lines may only end the file.
      if (text.find_first_not_of(" \t\r\n", pos) != std::string::npos) {
        fail(where, "blank line inside the data");
      }
      break;
    }
    if (line[line.find_first_not_of(" \t")] == '#') continue;
    int fields = 0;
    std::size_t f = 0;
    while (true) {
      std::size_t comma = line.find(',', f);
      if (comma == std::string::npos) comma = line.size();
      std::size_t b = line.find_first_not_of(" \t", f);
      std::size_t e = line.find_last_not_of(" \t", comma == 0 ? 0 : comma - 1);
      const std::string at = where + ":" + std::to_string(f + 1);
      if (b == std::string::npos || b >= comma) fail(at, "empty value");
      const char* first = line.data() + b;
      const char* last = line.data() + e + 1;
      const std::string token(line, b, std::size_t(last - line.data()) - b);
      if (comma == line.size() && f == 0 && token.find_first_of(" \t") != std::string::npos) {
        fail(at, "'" + token +
                     "' holds several values separated by blanks: the values of a line are "
                     "separated by commas (np.savetxt(..., delimiter=','))");
      }
      values.push_back(field.parse(at, first, last, token));
      ++fields;
      if (comma == line.size()) break;
      f = comma + 1;
    }
    if (cols < 0) {
      cols = fields;
      first_line = line_no;
    } else if (fields != cols) {
      fail(where, std::to_string(fields) + " values, but line " + std::to_string(first_line) +
                      " has " + std::to_string(cols));
    }
    ++rows;
  }
  if (rows == 0) fail(path, "no data");
  return values;
}

std::string write_csv(const IntMatrix& m) {
  std::string s;
  for (int r = 0; r < m.rows(); ++r) {
    for (int c = 0; c < m.cols(); ++c) {
      if (c) s += ',';
      s += std::to_string(m.at(r, c));
    }
    s += '\n';
  }
  return s;
}

// --- .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html) ----------

constexpr char kNpyMagic[] = "\x93NUMPY";

// A .npy file's header: its dtype, order, shape and where the data starts.
struct Npy {
  char kind;  // 'i', 'u' or 'f'
  int size;   // bytes per element
  bool big, fortran;
  std::int64_t rows, cols;
  std::size_t body;
  int rank;  // 1 or 2

  std::int64_t row_of(std::int64_t i) const { return fortran ? i % rows : i / cols; }
  std::int64_t col_of(std::int64_t i) const { return fortran ? i / rows : i % cols; }
};

Npy npy_header(const std::string& path, const std::string& data, bool real) {
  if (data.size() < 10 || data.compare(0, 6, kNpyMagic, 6) != 0) fail(path, "not a .npy file");
  const int major = static_cast<unsigned char>(data[6]);
  std::size_t header_len = 0, header_at = 0;
  if (major == 1) {
    header_len = std::uint8_t(data[8]) | std::size_t(std::uint8_t(data[9])) << 8;
    header_at = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12) fail(path, "truncated .npy header");
    for (int i = 0; i < 4; ++i) header_len |= std::size_t(std::uint8_t(data[8 + i])) << (8 * i);
    header_at = 12;
  } else {
    fail(path, ".npy format version " + std::to_string(major) + " is not supported (1 to 3)");
  }
  if (data.size() < header_at + header_len) fail(path, "truncated .npy header");
  const std::string header = data.substr(header_at, header_len);

  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']*)')"))) {
    fail(path, ".npy header has no 'descr'");
  }
  const std::string descr = m[1];
  if (!std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*(True|False))"))) {
    fail(path, ".npy header has no 'fortran_order'");
  }
  const bool fortran = m[1] == "True";
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))"))) {
    fail(path, ".npy header has no 'shape'");
  }
  std::vector<std::int64_t> shape;
  {
    const std::string dims = m[1];
    std::regex dim(R"(\s*(\d+)\s*(,|$))");
    for (auto it = std::sregex_iterator(dims.begin(), dims.end(), dim);
         it != std::sregex_iterator(); ++it) {
      const std::string digits = (*it)[1];
      // Past 10 digits stoll could overflow (and throw what no caller catches): too large anyway.
      if (digits.size() > 10) fail(path, "shape dimension " + digits + " is too large");
      shape.push_back(std::stoll(digits));
    }
  }
  if (shape.empty() || shape.size() > 2) {
    fail(path, "shape (" + std::string(m[1]) + ") is not 1-D or 2-D");
  }
  const std::regex dtype(real ? R"(([<>|=])([iuf])([1248]))" : R"(([<>|=])([iu])([1248]))");
  std::smatch d;
  if (!std::regex_match(descr, d, dtype) || (d[2] == "f" && d[3] != "4" && d[3] != "8")) {
    fail(path,
         "unsupported dtype '" + descr +
             (real ? "' (i1..i8, u1..u8, f4 or f8)" : "' (integer arrays only: i1..i8, u1..u8)"));
  }
  Npy h{std::string(d[2])[0],   std::stoi(d[3]),  d[1] == ">", fortran, 0, 0,
        header_at + header_len, int(shape.size())};
  h.rows = shape.size() == 1 ? 1 : shape[0];
  h.cols = shape.size() == 1 ? shape[0] : shape[1];
  if (h.rows <= 0 || h.cols <= 0) fail(path, "empty array");
  if (h.rows > std::numeric_limits<int>::max() || h.cols > std::numeric_limits<int>::max()) {
    fail(path, "array too large");
  }
  const std::size_t want = std::size_t(h.rows) * std::size_t(h.cols) * std::size_t(h.size);
  if (data.size() - h.body != want) {
    fail(path, std::to_string(data.size() - h.body) +
                   " data bytes, the header's shape and dtype need " + std::to_string(want));
  }
  return h;
}

std::string element_at(const std::string& path, const Npy& h, std::int64_t i) {
  return path + ": element [" + std::to_string(h.row_of(i)) + ", " + std::to_string(h.col_of(i)) +
         "]";
}

// Element i's bytes as an unsigned integer, in the file's byte order.
std::uint64_t npy_bits(const std::string& data, const Npy& h, std::int64_t i) {
  std::uint64_t u = 0;
  const char* p = data.data() + h.body + std::size_t(i) * std::size_t(h.size);
  for (int b = 0; b < h.size; ++b) {
    const int shift = 8 * (h.big ? h.size - 1 - b : b);
    u |= std::uint64_t(std::uint8_t(p[b])) << shift;
  }
  return u;
}

std::int64_t npy_int(const std::string& path, const std::string& data, const Npy& h,
                     std::int64_t i) {
  const std::uint64_t u = npy_bits(data, h, i);
  if (h.kind == 'i') {
    const int unused = 64 - 8 * h.size;
    return std::int64_t(u << unused) >> unused;
  }
  if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
    fail(element_at(path, h, i),
         "value " + std::to_string(u) + " is above the largest 64-bit signed integer");
  }
  return std::int64_t(u);
}

double npy_real(const std::string& path, const std::string& data, const Npy& h, std::int64_t i) {
  if (h.kind != 'f') return double(npy_int(path, data, h, i));
  const std::uint64_t u = npy_bits(data, h, i);
  double v;
  if (h.size == 4) {
    const std::uint32_t w = std::uint32_t(u);
    float f;
    std::memcpy(&f, &w, 4);
    v = f;
  } else {
    std::memcpy(&v, &u, 8);
  }
  if (!std::isfinite(v))
    fail(element_at(path, h, i), "value " + std::to_string(v) + " is not finite");
  return v;
}

IntMatrix read_npy(const std::string& path, const std::string& data, const ValueRange& range,
                   int* rank) {
  const Npy h = npy_header(path, data, false);
  if (rank) *rank = h.rank;
  IntMatrix out{int(h.rows), int(h.cols)};
  for (std::int64_t i = 0; i < h.rows * h.cols; ++i) {
    const std::int64_t v = npy_int(path, data, h, i);
    if (v < range.lo || v > range.hi) fail(element_at(path, h, i), out_of_range(v, range));
    out.at(int(h.row_of(i)), int(h.col_of(i))) = v;
  }
  return out;
}

std::string write_npy(const IntMatrix& m, int rank) {
  const std::string shape = rank == 1 ? std::to_string(m.cols()) + ","
                                      : std::to_string(m.rows()) + ", " + std::to_string(m.cols());
  std::string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + shape + "), }";
  // Magic, version and length take 10 bytes; the header is padded so the data starts on a
  // 64-byte boundary, and ends with a newline.
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::string s(kNpyMagic, 6);
  s += '\x01';
  s += '\x00';
  s += char(header.size() & 0xff);
  s += char(header.size() >> 8);
  s += header;
  for (std::int64_t v : m.values()) {
    const std::uint64_t u = std::uint64_t(v);
    for (int b = 0; b < 8; ++b) s += char((u >> (8 * b)) & 0xff);
  }
  return s;
}

}  // namespace

ArrayFormat array_format(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".csv") return ArrayFormat::kCsv;
  if (ext == ".npy") return ArrayFormat::kNpy;
  fail(path, "unknown array format '" + ext + "' (.csv or .npy)");
}

IntMatrix read_array(const std::string& path, const ValueRange& range, int* rank) {
  const ArrayFormat format = array_format(path);
  const std::string data = read_whole(path);
  if (data.empty()) fail(path, "empty file");
  if (rank) *rank = 2;
  if (format == ArrayFormat::kNpy) return read_npy(path, data, range, rank);
  int rows = 0, cols = 0;
  const std::vector<std::int64_t> v = read_csv(path, data, IntField{range}, rows, cols);
  IntMatrix m(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c)
      m.at(r, c) = v[std::size_t(r) * std::size_t(cols) + std::size_t(c)];
  }
  return m;
}

RealMatrix read_real_array(const std::string& path) {
  const ArrayFormat format = array_format(path);
  const std::string data = read_whole(path);
  if (data.empty()) fail(path, "empty file");
  if (format == ArrayFormat::kCsv) {
    int rows = 0, cols = 0;
    const std::vector<double> v = read_csv(path, data, RealField{}, rows, cols);
    RealMatrix m(rows, cols);
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c)
        m.at(r, c) = v[std::size_t(r) * std::size_t(cols) + std::size_t(c)];
    }
    return m;
  }
  const Npy h = npy_header(path, data, true);
  RealMatrix m(int(h.rows), int(h.cols));
  for (std::int64_t i = 0; i < h.rows * h.cols; ++i)
    m.at(int(h.row_of(i)), int(h.col_of(i))) = npy_real(path, data, h, i);
  return m;
}

void write_array(const std::string& path, const IntMatrix& m, int rank) {
  if (rank == 1 && m.rows() != 1) throw std::invalid_argument("a 1-D array is one row");
  write_file_atomically(
      path, array_format(path) == ArrayFormat::kCsv ? write_csv(m) : write_npy(m, rank));
}

void write_file_atomically(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) fail(path, std::string("cannot write (") + std::strerror(errno) + ")");
    f.write(data.data(), std::streamsize(data.size()));
    f.close();
    if (!f) {
      std::remove(tmp.c_str());
      fail(path, "write error");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    fail(path, "cannot write (" + ec.message() + ")");
  }
}

}  // namespace cim
