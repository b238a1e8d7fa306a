// SPDX-License-Identifier: Apache-2.0
// The operator table: every family's entries (nn/src/ops/), sorted by name, looked up by the graph
// reader and the quantizer.
#include "cim/operators.h"

#include <algorithm>
#include <cstring>

#include "cim/array_file.h"

namespace cim::ops {

// The families (nn/src/ops/*.cc).
std::vector<Operator> shape_operators();
std::vector<Operator> elementwise_operators();
std::vector<Operator> activation_operators();
std::vector<Operator> linear_operators();
std::vector<Operator> convolution_operators();
std::vector<Operator> normalization_operators();
std::vector<Operator> broadcast_operators();
std::vector<Operator> resample_operators();
std::vector<Operator> recurrent_operators();

const Tensor& OpCall::in(int k) const {
  if (k >= int(in_.size()) || !in_[std::size_t(k)]) fail("lacks input " + std::to_string(k));
  return *in_[std::size_t(k)];
}

const Tensor* OpCall::optional(int k) const {
  return k < int(in_.size()) ? in_[std::size_t(k)] : nullptr;
}

void OpCall::fail(const std::string& what) const {
  throw InputError("node '" + node_.name + "' (" + node_.op + ") " + what);
}

const std::vector<Operator>& operators() {
  static const std::vector<Operator> kTable = [] {
    std::vector<Operator> t;
    for (auto family : {shape_operators, elementwise_operators, activation_operators,
                        linear_operators, convolution_operators, normalization_operators,
                        broadcast_operators, resample_operators, recurrent_operators}) {
      for (Operator& o : family()) t.push_back(std::move(o));
    }
    std::sort(t.begin(), t.end(),
              [](const Operator& a, const Operator& b) { return std::strcmp(a.name, b.name) < 0; });
    return t;
  }();
  return kTable;
}

const Operator* find_operator(const std::string& op) {
  for (const Operator& o : operators()) {
    if (op == o.name) return &o;
  }
  return nullptr;
}

std::vector<std::string> operator_names() {
  std::vector<std::string> v;
  for (const Operator& o : operators()) v.push_back(o.name);
  return v;
}

}  // namespace cim::ops
