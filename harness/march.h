// SPDX-License-Identifier: Apache-2.0
// March C- through a macro's write and read ports: the memory test that finds every stuck-at,
// transition and (unlinked) coupling fault between words. Run once per data background (solid,
// then the 1-, 2-, 4-, ... bit checkerboards of a row word), so that coupling between the cells of
// one word is sensitized too. Element by element:
//   up/down(w D); up(r D, w ~D); up(r ~D, w D); down(r D, w ~D); down(r ~D, w D); up/down(r D)
#pragma once

#include <string>

#include "driver.h"

namespace cim {

struct MarchResult {
  bool detected = false;
  std::string first_failure;  // "background 2, element 3, row 5: read ..., want ..."
  int reads = 0, writes = 0;
};

MarchResult march_c_minus(Driver& drv);

}  // namespace cim
