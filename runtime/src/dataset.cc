#include "cim/dataset.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "cim/array_file.h"

namespace cim {

int Dataset::classes() const {
  return labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
}

Dataset Dataset::subset(const std::vector<int>& rows) const {
  Dataset d{IntMatrix(int(rows.size()), inputs.cols()), {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int c = 0; c < inputs.cols(); ++c) d.inputs.at(int(i), c) = inputs.at(rows[i], c);
    d.labels.push_back(labels[std::size_t(rows[i])]);
  }
  return d;
}

Dataset read_dataset(const std::string& path) {
  const IntMatrix all = read_array(path, {std::numeric_limits<std::int64_t>::min(),
                                          std::numeric_limits<std::int64_t>::max(), "values"});
  if (all.cols() < 2) throw InputError(path + ": one column; want the inputs, then the label");
  Dataset d{IntMatrix(all.rows(), all.cols() - 1), {}};
  const int k = all.cols() - 1;
  for (int r = 0; r < all.rows(); ++r) {
    for (int c = 0; c < k; ++c) d.inputs.at(r, c) = all.at(r, c);
    const std::int64_t label = all.at(r, k);
    if (label < 0 || label > 1000000) {
      throw InputError(path + ": example " + std::to_string(r + 1) + ": label " +
                       std::to_string(label) + " is not a class number 0..1000000");
    }
    d.labels.push_back(int(label));
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
