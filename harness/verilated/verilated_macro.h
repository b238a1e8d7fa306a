// SPDX-License-Identifier: Apache-2.0
// VerilatedMacro<V>: a Verilated cim_macro (or cim_analog_macro) behind the Macro interface.
//
// One VerilatedContext per instance (RAII), so tests never share simulator state. Each cycle is
// two time steps: inputs applied with the clock low, then the rising edge. The class is a template
// over the Verilated model because every parameter set is its own generated class. The models are
// built with --assert: a failed assertion in the RTL (cim_assert.svh) stops nothing inside
// Verilator but is thrown as an AssertionFailure from the eval() or tick() that saw it. In a
// coverage build (CIM_COVERAGE) each model adds its counts to the process's CoverageSink.
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>
#include <verilated_sym_props.h>

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "backend.h"
#include "cim/macro.h"
#if CIM_COVERAGE
#include <verilated_cov.h>

#include "coverage_sink.h"
#endif
#include "mismatch.h"
#include "storage.h"
#include "verilator_print.h"

namespace cim {

namespace port {

// Fields of a packed port: Verilator holds ports of up to 64 bits as integers and wider ones as
// VlWide arrays of 32-bit words.
template <class T>
requires std::is_integral_v<T>
void clear(T& p) { p = 0; }
template <std::size_t N>
void clear(VlWide<N>& p) {
  for (std::size_t i = 0; i < N; ++i) p[i] = 0;
}

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
requires std::is_integral_v<T> std::uint64_t get(const T& p, int lsb, int width) {
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

}  // namespace port

template <class V>
class VerilatedMacro final : public Macro, public HasStorage {
 public:
  // storage_scope / storage_var: where the DUT's bitcell array is in Verilator's scope tables
  // ("cim.cim_macro.u_store", "cells_q"); empty when it names none.
  VerilatedMacro(const Params& p, const ModelOptions& opt, std::string storage_scope = {},
                 std::string storage_var = {})
      : p_(p),
        storage_scope_(std::move(storage_scope)),
        storage_var_(std::move(storage_var)),
        ctx_(std::make_unique<VerilatedContext>()),
        trace_from_(opt.trace_from),
        trace_end_(opt.trace_cycles ? opt.trace_from + opt.trace_cycles : ~0ull) {
    ctx_->fatalOnError(false);  // an assertion's $error is thrown, not an abort()
#if CIM_COVERAGE
    ctx_->coveragep()->forcePerInstance(true);  // coverage_sink.h says why
#endif
    if (opt.variant == ModelVariant::kXUnique) {
      ctx_->randReset(2);
      ctx_->randSeed(int(opt.seed & 0x7fffffff));
    }
    if (!opt.trace_path.empty()) ctx_->traceEverOn(true);
    // Always given, none or some: Verilator aborts a $test$plusargs asked of a model without.
    std::vector<const char*> argv{"cim"};
    for (const std::string& a : opt.plusargs) argv.push_back(a.c_str());
    ctx_->commandArgs(int(argv.size()), argv.data());
    model_ = std::make_unique<V>(ctx_.get(), "cim");
    if (!opt.trace_path.empty()) {
      trace_ = std::make_unique<VerilatedFstC>();
      // What is traced is fixed at Verilate time (harness/verilated/trace.vlt).
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
    // Verilator 5.006 erases a model's scopes from the thread's current context, not the
    // model's own: with several models alive, that may be another model's context, already
    // deleted (a hang in cimsim net, which keeps one model per backend). Make it this one.
    Verilated::threadContextp(ctx_.get());
    model_->final();
#if CIM_COVERAGE
    CoverageSink::instance().add(*ctx_);
#endif
    if (trace_) trace_->close();
    trace_.reset();
    model_.reset();
  }

  const Params& params() const override { return p_; }
  std::uint64_t cycle() const override { return cycle_; }

  // The bitcell array of a DUT that names one (its STORAGE), built kStorageAccess; none for the
  // others.
  std::optional<StorageBits> storage() override {
    if (storage_scope_.empty()) return std::nullopt;
    const VerilatedScope* scope = ctx_->scopeFind(storage_scope_.c_str());
    const VerilatedVar* var = scope ? scope->varFind(storage_var_.c_str()) : nullptr;
    if (!var) return std::nullopt;
    // Verilator's packed types: one integer up to 64 bits, 32-bit words (EData) above.
    const int word_bytes = var->vltype() == VLVT_UINT8    ? 1
                           : var->vltype() == VLVT_UINT16 ? 2
                           : var->vltype() == VLVT_UINT64 ? 8
                                                          : 4;
    return StorageBits(var->datap(), word_bytes, var->packed().elements());
  }

  void eval(const Inputs& in, Outputs& out) override {
    V& m = *model_;
    const Params& p = p_;
    m.clk_i = 0;
#define CIM_PACK(port_name, member, fields, bits, what, is_signed)                      \
  port::clear(m.port_name);                                                             \
  for (int i = 0; i < (fields); ++i) {                                                  \
    port::put(m.port_name, i*(bits), (bits), std::uint64_t(port::field(in.member, i))); \
  }
    CIM_INPUT_PORTS(CIM_PACK)
#undef CIM_PACK
    m.eval();
    if (tracing()) trace_->dump(ctx_->time());
    throw_failed_assertion();
#define CIM_UNPACK(port_name, member, fields, bits, what, is_signed)                  \
  for (int i = 0; i < (fields); ++i) {                                                \
    const std::uint64_t raw = port::get(m.port_name, i * (bits), (bits));             \
    port::set_field(out.member, i,                                                    \
                    is_signed ? std::uint64_t(port::sign_extend(raw, (bits))) : raw); \
  }
    CIM_OUTPUT_PORTS(CIM_UNPACK)
#undef CIM_UNPACK
  }

  void tick() override {
    ctx_->timeInc(1);
    model_->clk_i = 1;
    model_->eval();
    if (tracing()) trace_->dump(ctx_->time());
    throw_failed_assertion();
    ctx_->timeInc(1);
    ++cycle_;
  }

 private:
  // Verilator prints a failed assertion as "[t] %Error: file:line: Assertion failed in
  // <scope>: <message>" and sets the context's error flag.
  void throw_failed_assertion() {
    if (!ctx_->gotError()) return;
    const std::string printed = take_verilator_errors();
    const std::string marker = "Assertion failed in ";
    std::vector<std::string> scopes;
    std::string message;
    for (std::size_t at = printed.find(marker); at != std::string::npos;
         at = printed.find(marker, at + 1)) {
      const std::size_t from = at + marker.size();
      scopes.push_back(printed.substr(from, printed.find(':', from) - from));
      if (!message.empty()) message += "; ";
      message += printed.substr(at, printed.find('\n', at) - at);
    }
    if (scopes.empty()) message = printed.substr(0, printed.find('\n'));
    throw AssertionFailure(cycle_, std::move(scopes), message, "");
  }

  bool tracing() const { return trace_ && cycle_ >= trace_from_ && cycle_ < trace_end_; }

  Params p_;
  std::string storage_scope_, storage_var_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::uint64_t trace_from_, trace_end_;
  std::unique_ptr<V> model_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::uint64_t cycle_ = 0;
};

}  // namespace cim
