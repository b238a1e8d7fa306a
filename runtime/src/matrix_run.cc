// SPDX-License-Identifier: Apache-2.0
#include "cim/matrix_run.h"

#include <chrono>

namespace cim {

MatrixRun run_matrix(const EnvironmentOptions& opt, const Precision& prec, const IntMatrix& w,
                     const IntMatrix& x) {
  Environment env(opt);
  Mapper mapper(env.drv(), prec);
  MatrixRun o;
  const auto start = std::chrono::steady_clock::now();
  try {
    o.y = mapper.run(w, x);
  } catch (const CheckFailure& m) {
    o.failure = m.what();
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.moved = mapper.movement();
  if (o.failure.empty()) {
    const IntMatrix exact = multiply(x, w);
    o.error.add(exact.values(), o.y.values());
    if (env.checks_mvm() && !(o.y == exact)) {
      o.failure = "the result differs from the exact integer product (largest error " +
                  std::to_string(o.error.max_error()) + ")";
    }
  }
  return o;
}

}  // namespace cim
