// SPDX-License-Identifier: Apache-2.0
#include "cim/dataset.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "cim/array_file.h"

namespace cim {

int Dataset::classes() const {
  return labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
}

Dataset Dataset::subset(const std::vector<int>& rows) const {
  Dataset d{RealMatrix(int(rows.size()), inputs.cols()), {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int c = 0; c < inputs.cols(); ++c) d.inputs.at(int(i), c) = inputs.at(rows[i], c);
    d.labels.push_back(labels[std::size_t(rows[i])]);
  }
  return d;
}

namespace {

constexpr std::int64_t kMaxLabel = 1000000;

int label_of(const std::string& path, int example, double label) {
  if (!(label >= 0 && label <= double(kMaxLabel)) || label != std::floor(label)) {
    std::ostringstream v;
    v << label;
    throw InputError(path + ": example " + std::to_string(example + 1) + ": label " + v.str() +
                     " is not a class number 0.." + std::to_string(kMaxLabel));
  }
  return int(label);
}

}  // namespace

Dataset read_dataset(const std::string& path) {
  const RealMatrix all = read_real_array(path);
  if (all.cols() < 2) throw InputError(path + ": one column; want the inputs, then the label");
  Dataset d{RealMatrix(all.rows(), all.cols() - 1), {}};
  const int k = all.cols() - 1;
  for (int r = 0; r < all.rows(); ++r) {
    for (int c = 0; c < k; ++c) d.inputs.at(r, c) = all.at(r, c);
    d.labels.push_back(label_of(path, r, all.at(r, k)));
  }
  return d;
}

Dataset read_dataset(const std::string& inputs_path, const std::string& labels_path) {
  Dataset d{read_real_array(inputs_path), {}};
  const RealMatrix labels = read_real_array(labels_path);
  // A 1-D array reads as one row; a column of labels as one a row.
  const bool one_row = labels.rows() == 1 && labels.cols() == d.size();
  const int count = one_row ? labels.cols() : labels.rows();
  if ((!one_row && labels.cols() != 1) || count != d.size()) {
    throw InputError(labels_path + ": " + std::to_string(labels.rows()) + " x " +
                     std::to_string(labels.cols()) + " labels for the " + std::to_string(d.size()) +
                     " examples of " + inputs_path + " (want one label per example)");
  }
  for (int i = 0; i < count; ++i) {
    d.labels.push_back(label_of(labels_path, i, one_row ? labels.at(0, i) : labels.at(i, 0)));
  }
  return d;
}

Split stratified_split(const Dataset& data, double test_fraction, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<bool> in_test(std::size_t(data.size()), false);
  for (int cls = 0; cls < data.classes(); ++cls) {
    std::vector<int> members;
    for (int i = 0; i < data.size(); ++i) {
      if (data.labels[std::size_t(i)] == cls) members.push_back(i);
    }
    for (std::size_t i = members.size(); i > 1; --i) {
      std::swap(members[i - 1], members[std::size_t(rng() % i)]);
    }
    const auto n_test = std::size_t(std::lround(test_fraction * double(members.size())));
    for (std::size_t i = 0; i < n_test; ++i) in_test[std::size_t(members[i])] = true;
  }
  std::vector<int> train, test;
  for (int i = 0; i < data.size(); ++i) (in_test[std::size_t(i)] ? test : train).push_back(i);
  return {data.subset(train), data.subset(test)};
}

}  // namespace cim
