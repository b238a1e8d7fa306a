// SPDX-License-Identifier: Apache-2.0
// A checked matrix product on one macro (what cimsim mvm runs), below the command line: x times w
// tiled by the mapper through a checked environment, compared with the exact integer product,
// and the run's summary: the result, the data it moved, its error.
#pragma once

#include <string>

#include "cim/int_matrix.h"
#include "cim/mapper.h"
#include "environment.h"
#include "error_stats.h"

namespace cim {

struct MatrixRun {
  IntMatrix y;
  std::string failure;  // empty: every check held
  double seconds = 0.0;
  ErrorStats error;  // against the exact integer product (when no check failed)
  DataMovement moved;
};

// Runs x (M x K) times w (K x N) at `prec` on the environment `opt` builds. A failed check, or a
// result other than the exact product where the backend is checked against mvm(), is the run's
// `failure`.
MatrixRun run_matrix(const EnvironmentOptions& opt, const Precision& prec, const IntMatrix& w,
                     const IntMatrix& x);

}  // namespace cim
