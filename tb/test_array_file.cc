// SPDX-License-Identifier: Apache-2.0
// Integer array files (runtime/): CSV and .npy read back what was written, and every bad file is
// refused with a message naming the file and the place (table-driven).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "cim/array_file.h"
#include "testbench.h"

namespace cim::test {
namespace {

namespace fs = std::filesystem;

const ValueRange kByte{-128, 127, "8-bit signed weights"};
const ValueRange kAny{INT64_MIN, INT64_MAX, "64-bit values"};

// A scratch folder per test, removed afterwards.
class ArrayFile : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() /
                  ("cim_array_file_" + std::to_string(::getpid()) + "_" + test_name());
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // The message read_array throws for `path`, without the folder.
  std::string error(const std::string& path, const ValueRange& range = kByte) {
    try {
      read_array(path, range);
    } catch (const InputError& e) {
      std::string m = e.what();
      const std::string prefix = dir_.string() + "/";
      return m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m;
    }
    return "no error";
  }
};

// A .npy file: version, header dict and data as given.
std::string npy(const std::string& header, const std::string& data, int major = 1) {
  std::string s = "\x93NUMPY";
  s += char(major);
  s += '\0';
  if (major == 1) {
    s += char(header.size() & 0xff);
    s += char(header.size() >> 8);
  } else {
    for (int i = 0; i < 4; ++i) s += char((header.size() >> (8 * i)) & 0xff);
  }
  return s + header + data;
}

TEST_F(ArrayFile, CsvReadsWhatPeopleWrite) {
  const IntMatrix m =
      read_array(file("w.csv", "# K x N weights\r\n1, -2 ,+3\r\n4,5,-128\r\n\r\n"), kByte);
  ASSERT_EQ(m.rows(), 2);
  ASSERT_EQ(m.cols(), 3);
  EXPECT_EQ(m.at(0, 1), -2);
  EXPECT_EQ(m.at(0, 2), 3);
  EXPECT_EQ(m.at(1, 2), -128);
}

TEST_F(ArrayFile, BadCsvNamesFileLineAndColumn) {
  const struct {
    const char* content;
    const char* message;
  } cases[] = {
      {"1,2,3\n4,5\n", "x.csv:2: 2 values, but line 1 has 3"},
      {"1,2\n3,x7\n", "x.csv:2:3: 'x7' is not an integer"},
      {"1,2.5\n", "x.csv:1:3: '2.5' is not an integer"},
      {"1,,2\n", "x.csv:1:3: empty value"},
      {"1,2,\n", "x.csv:1:5: empty value"},
      {"1,200\n", "x.csv:1:3: value 200 is out of range for 8-bit signed weights (-128..127)"},
      {"1\n\n2\n", "x.csv:2: blank line inside the data"},
      {"", "x.csv: empty file"},
      {"# only a comment\n", "x.csv: no data"},
      {"99999999999999999999\n",
       "x.csv:1:1: '99999999999999999999' is outside the 64-bit integers"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(error(file("x.csv", c.content)), c.message) << "content: " << c.content;
  }
  EXPECT_EQ(error((dir_ / "missing.csv").string()),
            "missing.csv: cannot open (No such file or directory)");
  fs::create_directories(dir_ / "folder.csv");
  EXPECT_EQ(error((dir_ / "folder.csv").string()), "folder.csv: is a folder, not a file");
  EXPECT_EQ(error(file("x.txt", "1\n")), "x.txt: unknown array format '.txt' (.csv or .npy)");
}

// Both formats give back exactly what was written, 64-bit extremes included.
TEST_F(ArrayFile, WriteThenReadRoundTrips) {
  std::mt19937_64 rng(test_seed());
  IntMatrix m(7, 5);
  for (int r = 0; r < 7; ++r) {
    for (int c = 0; c < 5; ++c) m.at(r, c) = std::int64_t(rng());
  }
  m.at(0, 0) = INT64_MIN;
  m.at(6, 4) = INT64_MAX;
  for (const char* name : {"y.csv", "y.npy"}) {
    const std::string path = (dir_ / name).string();
    write_array(path, m);
    EXPECT_EQ(read_array(path, kAny), m) << name;
  }
  // The .npy header is padded so the data starts on a 64-byte boundary.
  EXPECT_EQ((fs::file_size(dir_ / "y.npy") - 7 * 5 * 8) % 64, 0u);
}

TEST_F(ArrayFile, NpyReadsEveryIntegerDtypeOrderAndVersion) {
  // 2 x 3 int16 little-endian, C order: 1 -2 3 / 4 5 -6.
  const std::string i2("\x01\x00\xfe\xff\x03\x00\x04\x00\x05\x00\xfa\xff", 12);
  IntMatrix want(2, 3);
  const std::int64_t v[] = {1, -2, 3, 4, 5, -6};
  for (int i = 0; i < 6; ++i) want.at(i / 3, i % 3) = v[i];
  EXPECT_EQ(
      read_array(
          file("a.npy", npy("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }\n", i2)),
          kByte),
      want);
  EXPECT_EQ(
      read_array(file("b.npy",
                      npy("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }\n", i2, 2)),
                 kByte),
      want);
  // The same values in Fortran order (column by column), big-endian 4-byte.
  const std::string be4(
      "\x00\x00\x00\x01\x00\x00\x00\x04\xff\xff\xff\xfe\x00\x00\x00\x05\x00\x00\x00\x03\xff\xff\xff"
      "\xfa",
      24);
  EXPECT_EQ(
      read_array(
          file("c.npy", npy("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }\n", be4)),
          kByte),
      want);
  // 1-D uint8: one row.
  const IntMatrix row = read_array(
      file("d.npy",
           npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }\n", "\x07\x08\xff")),
      kAny);
  ASSERT_EQ(row.rows(), 1);
  EXPECT_EQ(row.at(0, 2), 255);
}

TEST_F(ArrayFile, BadNpyNamesTheProblem) {
  const std::string hdr = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }\n";
  const std::string i2(12, '\0');
  const struct {
    std::string content;
    const char* message;
  } cases[] = {
      {"not numpy at all", "x.npy: not a .npy file"},
      {npy(hdr, i2, 4), "x.npy: .npy format version 4 is not supported (1 to 3)"},
      {npy(hdr, i2).substr(0, 30), "x.npy: truncated .npy header"},
      {npy(hdr, i2.substr(0, 10)), "x.npy: 10 data bytes, the header's shape and dtype need 12"},
      {npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n", std::string(8, '\0')),
       "x.npy: unsupported dtype '<f8' (integer arrays only: i1..i8, u1..u8)"},
      {npy("{'descr': '<i2', 'fortran_order': False, 'shape': (1, 1, 1), }\n", i2),
       "x.npy: shape (1, 1, 1) is not 1-D or 2-D"},
      {npy("{'descr': '<i2', 'shape': (2, 3), }\n", i2),
       "x.npy: .npy header has no 'fortran_order'"},
      {npy("{'descr': '<i2', 'fortran_order': False, 'shape': (0, 3), }\n", ""),
       "x.npy: empty array"},
      // found by make fuzz (tb/fuzz/regressions/array_file/): a dimension past what stoll reads
      {npy("{'descr': '<i2', 'fortran_order': False, 'shape': (99999999999999999999,), }\n", i2),
       "x.npy: shape dimension 99999999999999999999 is too large"},
      {npy(hdr, std::string("\0\0\0\0\0\0\0\0\0\0\x00\x01", 12)),
       "x.npy: element [1, 2]: value 256 is out of range for 8-bit signed weights (-128..127)"},
      {npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }\n", std::string(8, '\xff')),
       "x.npy: element [0, 0]: value 18446744073709551615 is above the largest 64-bit signed "
       "integer"},
  };
  for (const auto& c : cases) EXPECT_EQ(error(file("x.npy", c.content)), c.message);
}

// Two things people's files have: a byte-order mark (skipped) and blanks between values, which
// np.savetxt writes by default (refused with the separator named).
TEST_F(ArrayFile, CsvSkipsAByteOrderMarkAndNamesBlankSeparators) {
  const IntMatrix m = read_array(file("bom.csv",
                                      "\xEF\xBB\xBF"
                                      "5,6\n"),
                                 kByte);
  EXPECT_EQ(m.at(0, 0), 5);
  EXPECT_EQ(error(file("x.csv", "1 2 3\n")),
            "x.csv:1:1: '1 2 3' holds several values separated by blanks: the values of a line are "
            "separated by commas (np.savetxt(..., delimiter=','))");
}

// Real-valued data (standardized features, scaled pixels): decimals and exponents in CSV,
// float32 and float64 (and integers) in .npy; anything not a finite number refused.
TEST_F(ArrayFile, RealArraysReadDecimalsAndFloatNpy) {
  const RealMatrix c = read_real_array(file("r.csv", "-0.214163, 1e-3\n+2.5E2,7\n"));
  ASSERT_EQ(c.rows(), 2);
  ASSERT_EQ(c.cols(), 2);
  EXPECT_DOUBLE_EQ(c.at(0, 0), -0.214163);
  EXPECT_DOUBLE_EQ(c.at(0, 1), 0.001);
  EXPECT_DOUBLE_EQ(c.at(1, 0), 250.0);
  EXPECT_DOUBLE_EQ(c.at(1, 1), 7.0);
  // 1 x 2 float32 little-endian: 1.5, -0.25; float64 big-endian Fortran 2 x 1: 3, -1e-9.
  const RealMatrix f4 = read_real_array(
      file("f.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }\n",
                        std::string("\x00\x00\xc0\x3f\x00\x00\x80\xbe", 8))));
  EXPECT_EQ(f4.values(), (std::vector<double>{1.5, -0.25}));
  std::string be8;
  for (double v : {3.0, -1e-9}) {
    std::uint64_t u;
    std::memcpy(&u, &v, 8);
    for (int b = 7; b >= 0; --b) be8 += char((u >> (8 * b)) & 0xff);
  }
  const RealMatrix f8 = read_real_array(
      file("g.npy", npy("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 1), }\n", be8)));
  ASSERT_EQ(f8.rows(), 2);
  EXPECT_EQ(f8.values(), (std::vector<double>{3.0, -1e-9}));
  const RealMatrix ints = read_real_array(file(
      "h.npy", npy("{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }\n", "\xff\x02")));
  EXPECT_EQ(ints.values(), (std::vector<double>{-1.0, 2.0}));
  auto real_error = [&](const std::string& path) {
    try {
      read_real_array(path);
    } catch (const InputError& e) {
      return std::string(e.what()).substr(dir_.string().size() + 1);
    }
    return std::string("no error");
  };
  EXPECT_EQ(real_error(file("x.csv", "1,nan\n")), "x.csv:1:3: 'nan' is not a finite number");
  EXPECT_EQ(real_error(file("x.csv", "1,2.5.1\n")), "x.csv:1:3: '2.5.1' is not a finite number");
  EXPECT_EQ(
      real_error(file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n",
                                   std::string("\x00\x00\x80\x7f", 4)))),
      "x.npy: element [0, 0]: value inf is not finite");
  EXPECT_EQ(
      real_error(file("x.npy",
                      npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }\n", "\0\0"))),
      "x.npy: unsupported dtype '<f2' (i1..i8, u1..u8, f4 or f8)");
}

// A 1-D .npy keeps its rank through a read and a write, as NumPy keeps a vector: (N,), not (1, N).
TEST_F(ArrayFile, OneDimensionalNpyKeepsItsRank) {
  int rank = 0;
  const IntMatrix v = read_array(
      file("v.npy",
           npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }\n", "\x01\x02\x03")),
      kAny, &rank);
  EXPECT_EQ(rank, 1);
  const std::string out = (dir_ / "out.npy").string();
  write_array(out, v, rank);
  std::ifstream f(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("'shape': (3,)"), std::string::npos);
  int again = 0;
  EXPECT_EQ(read_array(out, kAny, &again), v);
  EXPECT_EQ(again, 1);
  read_array(file("m.csv", "1,2\n"), kAny, &rank);
  EXPECT_EQ(rank, 2);
}

// A write that cannot happen leaves nothing behind.
TEST_F(ArrayFile, FailedWriteLeavesNoFile) {
  const std::string path = (dir_ / "no_such_folder" / "y.csv").string();
  EXPECT_THROW(write_array(path, IntMatrix(1, 1)), InputError);
  EXPECT_FALSE(fs::exists(dir_ / "no_such_folder"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 0);
}

}  // namespace
}  // namespace cim::test
