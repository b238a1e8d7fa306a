// SPDX-License-Identifier: Apache-2.0
#include "march.h"

#include <vector>

namespace cim {
namespace {

// The row word of background k: bit i of the word (channel i / WBITS, weight bit i % WBITS) is
// (i >> (k - 1)) & 1 for k >= 1, all zero for k = 0; `invert` flips every bit.
std::vector<std::uint32_t> background(const Params& p, int k, bool invert) {
  std::vector<std::uint32_t> row(std::size_t(p.cols), 0);
  for (int c = 0; c < p.cols; ++c) {
    for (int b = 0; b < p.wbits; ++b) {
      const int i = c * p.wbits + b;
      const bool bit = (k > 0 && ((i >> (k - 1)) & 1)) != invert;
      if (bit) row[std::size_t(c)] |= 1u << b;
    }
  }
  return row;
}

std::string words(const std::vector<std::uint32_t>& row) {
  std::string s;
  for (std::uint32_t w : row) {
    if (!s.empty()) s += ' ';  // appended, not "" + ...: GCC 12 warns falsely on that (-Wrestrict)
    s += std::to_string(w);
  }
  return s;
}

}  // namespace

MarchResult march_c_minus(Driver& drv) {
  const Params& p = drv.macro().params();
  MarchResult r;
  int backgrounds = 1;
  while ((1 << (backgrounds - 1)) < p.cols * p.wbits) ++backgrounds;
  // An element: its direction, then its operations, each (read?, inverted background?).
  struct Op {
    bool read, inverted;
  };
  struct Element {
    bool up;
    std::vector<Op> ops;
  };
  const std::vector<Element> elements = {
      {true, {{false, false}}},
      {true, {{true, false}, {false, true}}},
      {true, {{true, true}, {false, false}}},
      {false, {{true, false}, {false, true}}},
      {false, {{true, true}, {false, false}}},
      {true, {{true, false}}},
  };
  for (int k = 0; k < backgrounds; ++k) {
    const std::vector<std::uint32_t> d = background(p, k, false), nd = background(p, k, true);
    for (std::size_t e = 0; e < elements.size(); ++e) {
      for (int i = 0; i < p.rows; ++i) {
        const int row = elements[e].up ? i : p.rows - 1 - i;
        for (const Op& op : elements[e].ops) {
          const std::vector<std::uint32_t>& want = op.inverted ? nd : d;
          if (!op.read) {
            drv.write_row(row, want);
            ++r.writes;
            continue;
          }
          const std::vector<std::uint32_t> got = drv.read_row(row);
          ++r.reads;
          if (got != want && !r.detected) {
            r.detected = true;
            r.first_failure = "background " + std::to_string(k) + ", element " + std::to_string(e) +
                              ", row " + std::to_string(row) + ": read " + words(got) + ", want " +
                              words(want);
          }
        }
      }
    }
  }
  return r;
}

}  // namespace cim
