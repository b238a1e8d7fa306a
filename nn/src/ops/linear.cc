// SPDX-License-Identifier: Apache-2.0
// Products: Gemm, and MatMul (a layer a quantized network puts on the macros when its right
// operand is a constant matrix).

#include "kernels.h"

namespace cim::ops {
namespace {

// C[M x N] = A[M x K] x B[K x N], in double.
std::vector<float> matmul2d(const float* a, const float* b, std::int64_t m, std::int64_t k,
                            std::int64_t n, bool ta, bool tb) {
  std::vector<float> y(std::size_t(m * n));
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::int64_t q = 0; q < k; ++q) {
        s += double(ta ? a[q * m + i] : a[i * k + q]) * double(tb ? b[j * k + q] : b[q * n + j]);
      }
      y[std::size_t(i * n + j)] = float(s);
    }
  }
  return y;
}

std::vector<Tensor> gemm(const OpCall& c) {
  const Tensor& a = float_input(c, 0);
  const Tensor& b = float_input(c, 1);
  if (a.rank() != 2 || b.rank() != 2)
    c.fail("takes 2-D inputs, not " + to_string(a.shape) + " and " + to_string(b.shape));
  const bool ta = c.node().get_int("transA", 0) != 0, tb = c.node().get_int("transB", 0) != 0;
  const float alpha = c.node().get_float("alpha", 1.0f), beta = c.node().get_float("beta", 1.0f);
  const std::int64_t m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
  const std::int64_t kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
  if (k != kb)
    c.fail("multiplies " + std::to_string(m) + "x" + std::to_string(k) + " by " +
           std::to_string(kb) + "x" + std::to_string(n));
  bounded(c, {m, n});
  std::vector<float> y = matmul2d(a.f.data(), b.f.data(), m, k, n, ta, tb);
  for (float& v : y) v *= alpha;
  if (const Tensor* bias = c.optional(2)) {
    if (!bias->is_float()) c.fail("takes a float C");
    const Shape out{m, n};
    if (broadcast_shape(c, bias->shape, out) != out)
      c.fail("has a C of " + to_string(bias->shape) + " that does not broadcast to " +
             to_string(out));
    const std::vector<std::int64_t> ib = broadcast_index(bias->shape, out);
    for (std::size_t q = 0; q < y.size(); ++q) y[q] += beta * bias->f[std::size_t(ib[q])];
  }
  return {Tensor::floats({m, n}, std::move(y))};
}

// MatMul as NumPy's matmul: a 1-D operand is a row (A) or a column (B) vector, dropped from the
// result; the dimensions before the last two broadcast. On the macros when B is a constant
// matrix (cim/quantized_network.h); a product of two activations (attention's) in the periphery.
std::vector<Tensor> matmul(const OpCall& c) {
  const Tensor& a = float_input(c, 0);
  const Tensor& b = float_input(c, 1);
  if (a.rank() == 0 || b.rank() == 0) c.fail("multiplies a scalar (MatMul takes rank 1 or more)");
  Shape as = a.shape, bs = b.shape;
  if (a.rank() == 1) as.insert(as.begin(), 1);
  if (b.rank() == 1) bs.push_back(1);
  const std::int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (k != bs[bs.size() - 2])
    c.fail("multiplies " + to_string(a.shape) + " by " + to_string(b.shape));
  const Shape a_batch(as.begin(), as.end() - 2), b_batch(bs.begin(), bs.end() - 2);
  const Shape batch = broadcast_shape(c, a_batch, b_batch);
  Shape out = batch;
  if (a.rank() > 1) out.push_back(m);
  if (b.rank() > 1) out.push_back(n);
  Shape full = batch;
  full.insert(full.end(), {m, n});
  bounded(c, full);
  const std::vector<std::int64_t> ia = broadcast_index(a_batch, batch),
                                  ib = broadcast_index(b_batch, batch);
  std::vector<float> y;
  y.reserve(std::size_t(element_count(full)));
  for (std::size_t p = 0; p < ia.size(); ++p) {
    const std::vector<float> part =
        matmul2d(a.f.data() + ia[p] * m * k, b.f.data() + ib[p] * k * n, m, k, n, false, false);
    y.insert(y.end(), part.begin(), part.end());
  }
  return {Tensor::floats(out, std::move(y))};
}

}  // namespace

std::vector<Operator> linear_operators() {
  return {
      {"Gemm", gemm, {1, 2}, Placement::kMacros},
      {"MatMul", matmul, {}, Placement::kMacros},
  };
}

}  // namespace cim::ops
