// SPDX-License-Identifier: Apache-2.0
#include "activity.h"

namespace cim {

ActivityCounter::ActivityCounter(const Params& p) : p_(p) {
#define CIM_ADD_PORT(port_name, member, fields, bits, what, is_signed) \
  add_port(#port_name, (fields) * (bits));
  CIM_INPUT_PORTS(CIM_ADD_PORT)
#undef CIM_ADD_PORT
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
  const Params& p = p_;
  std::size_t slot = 0;
#define CIM_SAMPLE_PORT(port_name, member, fields, bits, what, is_signed) \
  for (int i = 0; i < (fields); ++i) {                                    \
    const std::uint64_t v = std::uint64_t(port::field(in.member, i));     \
    for (int b = 0; b < (bits); ++b) sample(slot, (v >> b) & 1);          \
  }
  CIM_INPUT_PORTS(CIM_SAMPLE_PORT)
#undef CIM_SAMPLE_PORT
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
