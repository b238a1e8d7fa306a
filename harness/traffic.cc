// SPDX-License-Identifier: Apache-2.0
#include "traffic.h"

namespace cim {

RandomTraffic::RandomTraffic(Driver& drv, std::mt19937_64& rng, const TrafficMix& mix)
    : drv_(drv), rng_(rng), mix_(mix), p_(drv.macro().params()), stimulus_(p_, rng) {}

std::uint32_t RandomTraffic::random_row() {
  const std::uint32_t span = mix_.include_missing_rows ? (1u << p_.row_addr_bits()) : p_.rows;
  return std::uint32_t(rng_() % span);
}

// Any value of a set port: each names a set (with one set, the port is ignored).
std::uint32_t RandomTraffic::random_wset() {
  return std::uint32_t(rng_() % (1u << p_.wset_bits()));
}

void RandomTraffic::new_request() {
  Inputs& in = drv_.in();
  in.req_valid = true;
  in.req_act = stimulus_.activations();
  Precision prec = mix_.prec ? *mix_.prec : stimulus_.precision(mix_.full_wbits);
  if (chance(mix_.p_bad_precision)) {
    // Any port value outside 1..max: zero or above the parameter, on either operand.
    const int abits_port = 1 << p_.abits_port_bits(), wbits_port = 1 << p_.wbits_port_bits();
    const bool on_abits = (rng_() & 1) && abits_port > p_.abits + 1;
    const bool on_wbits = !on_abits && wbits_port > p_.wbits + 1 && (rng_() & 1);
    if (on_abits) {
      prec.abits = p_.abits + 1 + int(rng_() % (abits_port - p_.abits - 1));
    } else if (on_wbits) {
      prec.wbits = p_.wbits + 1 + int(rng_() % (wbits_port - p_.wbits - 1));
    } else if (rng_() & 1) {
      prec.abits = 0;
    } else {
      prec.wbits = 0;
    }
  }
  in.req_abits = std::uint32_t(prec.abits);
  in.req_wbits = std::uint32_t(prec.wbits);
  in.req_asigned = prec.asigned;
  in.req_wsigned = prec.wsigned;
  in.req_wset = mix_.one_wset ? 0 : random_wset();
}

const Outputs& RandomTraffic::cycle() {
  if (mix_.p_reset > 0.0 && chance(mix_.p_reset)) {
    drv_.reset(1 + int(rng_() % 2));  // drops the pending strobes; the weights stay
    ++resets_;
  }
  Inputs& in = drv_.in();
  if (!in.wr_valid && chance(mix_.p_write)) {
    in.wr_valid = true;
    in.wr_wset = random_wset();
    in.wr_row = random_row();
    in.wr_data = stimulus_.row();
  }
  if (!in.rd_valid && chance(mix_.p_read)) {
    in.rd_valid = true;
    in.rd_wset = random_wset();
    in.rd_row = random_row();
  }
  if (!in.req_valid && chance(mix_.p_request)) new_request();
  in.rsp_ready = chance(mix_.p_rsp_ready);

  const Outputs& out = drv_.step();
  if (in.wr_valid && out.wr_ready) in.wr_valid = false;
  if (in.rd_valid && out.rd_ready) in.rd_valid = false;
  if (in.req_valid && out.req_ready) in.req_valid = false;
  return out;
}

}  // namespace cim
