#include "activity.h"

namespace cim {

ActivityCounter::ActivityCounter(const Params& p) : p_(p) {
  add_port("rst_ni", 1);
  add_port("wr_valid_i", 1);
  add_port("wr_row_i", p.row_addr_bits());
  add_port("wr_data_i", p.cols * p.wbits);
  add_port("rd_valid_i", 1);
  add_port("rd_row_i", p.row_addr_bits());
  add_port("req_valid_i", 1);
  add_port("req_act_i", p.rows * p.abits);
  add_port("req_abits_i", p.abits_port_bits());
  add_port("req_wbits_i", p.wbits_port_bits());
  add_port("req_asigned_i", 1);
  add_port("req_wsigned_i", 1);
  add_port("rsp_ready_i", 1);
}

void ActivityCounter::add_port(const std::string& name, int width) {
  if (width == 1) {
    bits_.push_back(Bit{name, -1});
    return;
  }
  for (int i = 0; i < width; ++i) bits_.push_back(Bit{name, i});
}

void ActivityCounter::sample(std::size_t& slot, bool value) {
  Bit& b = bits_[slot++];
  if (cycles_ > 0 && value != b.last) ++b.toggles;
  b.high += value;
  b.last = value;
}

void ActivityCounter::observe(const Inputs& in) {
  std::size_t slot = 0;
  auto field = [&](std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) sample(slot, (v >> i) & 1);
  };
  field(in.rst_n, 1);
  field(in.wr_valid, 1);
  field(in.wr_row, p_.row_addr_bits());
  for (int c = 0; c < p_.cols; ++c) field(in.wr_data[c], p_.wbits);
  field(in.rd_valid, 1);
  field(in.rd_row, p_.row_addr_bits());
  field(in.req_valid, 1);
  for (int r = 0; r < p_.rows; ++r) field(in.req_act[r], p_.abits);
  field(in.req_abits, p_.abits_port_bits());
  field(in.req_wbits, p_.wbits_port_bits());
  field(in.req_asigned, 1);
  field(in.req_wsigned, 1);
  field(in.rsp_ready, 1);
  ++cycles_;
}

void ActivityCounter::write_sta(std::ostream& os) const {
  os << "# Switching activity of every input port bit over " << cycles_
     << " simulated cycles (transitions per cycle, fraction of cycles high).\n";
  const double n = cycles_ ? double(cycles_) : 1.0;
  const double transitions = cycles_ > 1 ? double(cycles_ - 1) : 1.0;
  for (const Bit& b : bits_) {
    const std::string name = b.index < 0 ? b.port : b.port + "[" + std::to_string(b.index) + "]";
    os << "set_power_activity -input_ports [get_ports {" << name << "}] -activity "
       << double(b.toggles) / transitions << " -duty " << double(b.high) / n << "\n";
  }
}

}  // namespace cim
