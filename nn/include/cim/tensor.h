// SPDX-License-Identifier: Apache-2.0
// A tensor as an ONNX graph holds it: a shape and row-major values, float (activations, weights)
// or 64-bit integer (the shape arithmetic exporters write around Reshape and Flatten).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cim {

using Shape = std::vector<std::int64_t>;

// "[1, 8, 8]".
std::string to_string(const Shape& s);

// The number of elements of a shape; throws std::length_error past 2^40 (no real layer is that
// big, and the product of a file's dimensions must not overflow).
std::int64_t element_count(const Shape& s);

struct Tensor {
  enum class Type { kFloat, kInt64 };
  Type type = Type::kFloat;
  Shape shape;
  std::vector<float> f;         // kFloat
  std::vector<std::int64_t> i;  // kInt64

  static Tensor floats(Shape shape, std::vector<float> values);
  static Tensor ints(Shape shape, std::vector<std::int64_t> values);
  // Zeros of a shape.
  static Tensor zeros(Shape shape);

  bool is_float() const { return type == Type::kFloat; }
  std::int64_t size() const { return is_float() ? std::int64_t(f.size()) : std::int64_t(i.size()); }
  int rank() const { return int(shape.size()); }
  // Element k as a double, whichever the type.
  double at(std::int64_t k) const {
    return is_float() ? double(f[std::size_t(k)]) : double(i[std::size_t(k)]);
  }
};

}  // namespace cim
