// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the port protocol on the Verilated RTL. Every 3 bytes of input are one cycle of the
// 23x3x5x3 digital macro with 2 weight sets (flow/configs.txt's `fuzz` set) in the checked
// environment: in lockstep with its golden cycle model (every port, every cycle), under the
// scoreboard (every response against mvm(), every read against the shadow weights), the protocol
// checker and the RTL's own assertions. Byte 0 raises a write, a read or a request (each then held,
// unchanged, until taken), sets rsp_ready_i and the weight set of each (bits 4..6), and resets
// (0xff); bytes 1 and 2 choose the row, the data, the precision (out of range too) and the signs. A
// mismatch or a failed assertion escapes as an exception: a crash.
#include <cstdint>
#include <vector>

#include "environment.h"

namespace {

// The bits of a seed spread over a word (splitmix64): data patterns from one byte.
std::uint64_t spread(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 3 * 4000) return 0;  // 4,000 cycles at most: a run stays quick
  cim::EnvironmentOptions opt;
  opt.backend = "digital";
  opt.setup.params = cim::Params{23, 3, 5, 3, 1};
  opt.setup.params.wsets = 2;
  opt.wave_path = "fuzz-protocol-mismatch.fst";
  opt.reproduce = "the crashing input of fuzz_protocol";
  cim::Environment env(opt);
  env.load_random_weights();  // bitcells power up unknown: the contract starts from written rows
  cim::Driver& drv = env.drv();
  cim::Inputs& in = drv.in();
  const cim::Params& p = env.params();
  for (std::size_t i = 0; i + 3 <= size; i += 3) {
    const std::uint8_t ctl = data[i], a = data[i + 1], b = data[i + 2];
    if (ctl == 0xff) {
      drv.reset(1 + (a & 1));
      continue;
    }
    const std::uint64_t bits = spread(a * 256u + b);
    if (!in.wr_valid && (ctl & 1)) {
      in.wr_valid = true;
      in.wr_wset = (ctl >> 4) & 1;
      in.wr_row = a % std::uint32_t(p.rows);
      for (int c = 0; c < p.cols; ++c)
        in.wr_data[std::size_t(c)] = std::uint32_t(bits >> (5 * c)) & 31u;
    }
    if (!in.rd_valid && (ctl & 2)) {
      in.rd_valid = true;
      in.rd_wset = (ctl >> 5) & 1;
      in.rd_row = b % std::uint32_t(p.rows);
    }
    if (!in.req_valid && (ctl & 4)) {
      in.req_valid = true;
      for (int r = 0; r < p.rows; ++r)
        in.req_act[std::size_t(r)] = std::uint32_t(bits >> (2 * r % 61)) & 7u;
      in.req_abits = a & 3;         // 0 is out of range
      in.req_wbits = (a >> 2) & 7;  // 0, 6 and 7 are out of range
      in.req_asigned = b & 1;
      in.req_wsigned = (b >> 1) & 1;
      in.req_wset = (ctl >> 6) & 1;
    }
    in.rsp_ready = (ctl & 8) != 0;
    const cim::Outputs& out = drv.step();
    if (out.wr_ready) in.wr_valid = false;
    if (out.rd_ready) in.rd_valid = false;
    if (out.req_ready) in.req_valid = false;
  }
  return 0;
}
