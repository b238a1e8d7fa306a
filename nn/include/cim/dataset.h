// SPDX-License-Identifier: Apache-2.0
// A labelled data set: one example a line, its K input values (integers, or real values such as
// standardized features) followed by its integer class label (data/digits.csv's format), and the
// fixed, seeded, stratified train/test split.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cim/real_matrix.h"

namespace cim {

struct Dataset {
  RealMatrix inputs;        // examples x K
  std::vector<int> labels;  // one per example, 0..classes()-1

  int size() const { return inputs.rows(); }
  int classes() const;  // the largest label + 1
  // The examples at `rows`, in that order.
  Dataset subset(const std::vector<int>& rows) const;
};

// Reads a data set (CSV or .npy, the label the last column; the inputs any finite numbers). Throws
// InputError naming the file and place for a bad file, a label that is not a class number, or
// fewer than two columns.
Dataset read_dataset(const std::string& path);
// Reads a data set from a pair: the inputs (one example a row) and their labels (one a row, or a
// 1-D array), e.g. X.npy and y.npy as NumPy writes them. Throws InputError naming the file when
// the counts differ or a label is not a class number.
Dataset read_dataset(const std::string& inputs_path, const std::string& labels_path);

struct Split {
  Dataset train, test;
};

// For each class, its examples shuffled with `seed` (a Fisher-Yates shuffle on std::mt19937_64,
// the same on every platform) and the first round(test_fraction x count) put in the test split;
// both splits keep the file's order.
Split stratified_split(const Dataset& data, double test_fraction, std::uint64_t seed);

// The split every tool of this project uses: 20 % test, seed 1.
inline constexpr double kTestFraction = 0.2;
inline constexpr std::uint64_t kSplitSeed = 1;

}  // namespace cim
