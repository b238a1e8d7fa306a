// VerilatedMacro<V>: a Verilated cim_macro (or cim_analog_macro) behind the Macro interface.
//
// One VerilatedContext per instance (RAII), so tests never share simulator state. Each cycle is
// two time steps: inputs applied with the clock low, then the rising edge. The class is a template
// over the Verilated model because every parameter set is its own generated class.
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "cim/macro.h"

namespace cim {

struct ModelOptions {
  std::string trace_path;       // FST waveform of every cycle when set
  bool x_unique = false;        // the model built with --x-assign/--x-initial unique
  std::uint64_t seed = 0;       // seed for randomized initial values (x_unique models)
  std::vector<std::string> plusargs;  // "+name=value" run-time settings (the analog crossbar's)
};

namespace port {

// Fields of a packed port: Verilator holds ports of up to 64 bits as integers and wider ones as
// VlWide arrays of 32-bit words.
template <class T>
  requires std::is_integral_v<T>
void clear(T& p) { p = 0; }
template <std::size_t N>
void clear(VlWide<N>& p) { for (std::size_t i = 0; i < N; ++i) p[i] = 0; }

template <class T>
  requires std::is_integral_v<T>
void put(T& p, int lsb, int width, std::uint64_t v) {
  const std::uint64_t mask = width >= 64 ? ~0ull : (1ull << width) - 1;
  p = T(p | ((v & mask) << lsb));
}
template <std::size_t N>
void put(VlWide<N>& p, int lsb, int width, std::uint64_t v) {
  for (int b = 0; b < width; ++b) {
    if ((v >> b) & 1) p[(lsb + b) / 32] |= EData(1) << ((lsb + b) % 32);
  }
}

template <class T>
  requires std::is_integral_v<T>
std::uint64_t get(const T& p, int lsb, int width) {
  const std::uint64_t mask = width >= 64 ? ~0ull : (1ull << width) - 1;
  return (std::uint64_t(p) >> lsb) & mask;
}
template <std::size_t N>
std::uint64_t get(const VlWide<N>& p, int lsb, int width) {
  std::uint64_t v = 0;
  int b = 0;
  while (b < width) {
    const int bit = lsb + b;
    const int take = std::min(width - b, 32 - bit % 32);
    const std::uint64_t chunk = (std::uint64_t(p[bit / 32]) >> (bit % 32)) & ((1ull << take) - 1);
    v |= chunk << b;
    b += take;
  }
  return v;
}

inline std::int64_t sign_extend(std::uint64_t v, int width) {
  if (width < 64 && ((v >> (width - 1)) & 1)) v |= ~((1ull << width) - 1);
  return std::int64_t(v);
}

}  // namespace port

template <class V>
class VerilatedMacro final : public Macro {
 public:
  VerilatedMacro(const Params& p, const ModelOptions& opt)
      : p_(p), ctx_(std::make_unique<VerilatedContext>()) {
    if (opt.x_unique) {
      ctx_->randReset(2);
      ctx_->randSeed(int(opt.seed & 0x7fffffff));
    }
    if (!opt.trace_path.empty()) ctx_->traceEverOn(true);
    if (!opt.plusargs.empty()) {
      std::vector<const char*> argv{"cim"};
      for (const std::string& a : opt.plusargs) argv.push_back(a.c_str());
      ctx_->commandArgs(int(argv.size()), argv.data());
    }
    model_ = std::make_unique<V>(ctx_.get(), "cim");
    if (!opt.trace_path.empty()) {
      trace_ = std::make_unique<VerilatedFstC>();
      // Depth is fixed at Verilate time (--trace-depth in CMakeLists.txt); a fully traced
      // array writes GBs and runs 10x slower.
      model_->trace(trace_.get(), 99);
      trace_->open(opt.trace_path.c_str());
    }
    // Settle once with reset released, so that driving rst_ni low in the first cycle is an
    // edge the asynchronous reset sees (the first eval() only initializes edge detection).
    model_->clk_i = 0;
    model_->rst_ni = 1;
    model_->eval();
  }

  ~VerilatedMacro() override {
    model_->final();
    if (trace_) trace_->close();
  }

  const Params& params() const override { return p_; }
  std::uint64_t cycle() const override { return cycle_; }

  void eval(const Inputs& in, Outputs& out) override {
    V& m = *model_;
    m.clk_i = 0;
    m.rst_ni = in.rst_n;
    m.wr_valid_i = in.wr_valid;
    m.wr_row_i = in.wr_row & ((1u << p_.row_addr_bits()) - 1);
    port::clear(m.wr_data_i);
    for (int c = 0; c < p_.cols; ++c) port::put(m.wr_data_i, c * p_.wbits, p_.wbits, in.wr_data[c]);
    m.rd_valid_i = in.rd_valid;
    m.rd_row_i = in.rd_row & ((1u << p_.row_addr_bits()) - 1);
    m.req_valid_i = in.req_valid;
    port::clear(m.req_act_i);
    for (int r = 0; r < p_.rows; ++r) port::put(m.req_act_i, r * p_.abits, p_.abits, in.req_act[r]);
    m.req_abits_i = in.req_abits & ((1u << p_.abits_port_bits()) - 1);
    m.req_wbits_i = in.req_wbits & ((1u << p_.wbits_port_bits()) - 1);
    m.req_asigned_i = in.req_asigned;
    m.req_wsigned_i = in.req_wsigned;
    m.rsp_ready_i = in.rsp_ready;
    m.eval();
    if (trace_) trace_->dump(ctx_->time());

    out.wr_ready = m.wr_ready_o;
    out.rd_ready = m.rd_ready_o;
    out.req_ready = m.req_ready_o;
    out.rd_data_valid = m.rd_data_valid_o;
    out.rsp_valid = m.rsp_valid_o;
    out.rsp_err = m.rsp_err_o;
    for (int c = 0; c < p_.cols; ++c) {
      out.rd_data[c] = std::uint32_t(port::get(m.rd_data_o, c * p_.wbits, p_.wbits));
      out.rsp_data[c] =
          port::sign_extend(port::get(m.rsp_data_o, c * p_.outw(), p_.outw()), p_.outw());
    }
  }

  void tick() override {
    ctx_->timeInc(1);
    model_->clk_i = 1;
    model_->eval();
    if (trace_) trace_->dump(ctx_->time());
    ctx_->timeInc(1);
    ++cycle_;
  }

 private:
  Params p_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> model_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::uint64_t cycle_ = 0;
};

}  // namespace cim
