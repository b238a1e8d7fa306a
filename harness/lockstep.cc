// SPDX-License-Identifier: Apache-2.0
#include "lockstep.h"

#include <filesystem>

namespace cim {

Lockstep::Lockstep(std::unique_ptr<Macro> dut, std::unique_ptr<CycleModel> golden,
                   std::string context, ReplayFactory replay, std::string wave_path)
    : dut_(std::move(dut)),
      golden_(std::move(golden)),
      context_(std::move(context)),
      replay_(std::move(replay)),
      wave_path_(std::move(wave_path)),
      want_(dut_->params()) {}

void Lockstep::fail(const Mismatch& found) { fail(found.port(), found.expected(), found.got()); }

void Lockstep::eval(const Inputs& in, Outputs& out) {
  if (replay_ && history_complete_ && (history_.empty() || !(history_.back().second == in))) {
    history_complete_ = history_.size() < kReplayEntries;
    if (history_complete_) history_.emplace_back(dut_->cycle(), in);
  }
  if (golden_) golden_->eval(in, want_);
  try {
    dut_->eval(in, out);
  } catch (const AssertionFailure& failure) {
    fail(failure);
  } catch (const Mismatch& m) {  // a check inside the DUT's wrapper (ReadyCheck)
    fail(m);
  }
  if (golden_) compare(want_, out);
  if (out.rsp_valid && in.rsp_ready && in.rst_n) {
    ++responses_;
    if (out.rsp_err) ++error_responses_;
  }
}

void Lockstep::tick() {
  if (golden_) golden_->tick();
  try {
    dut_->tick();
  } catch (const AssertionFailure& failure) {
    fail(failure);
  }
}

void Lockstep::compare(const Outputs& want, const Outputs& got) {
  if (want == got) return;
  const Params& p = dut_->params();
#define CIM_COMPARE(port_name, member, fields, bits, what, is_signed)                          \
  for (int i = 0; i < (fields); ++i) {                                                         \
    if (port::field(want.member, i) != port::field(got.member, i)) {                           \
      fail(port::field_name(#port_name, what, i), std::to_string(port::field(want.member, i)), \
           std::to_string(port::field(got.member, i)));                                        \
    }                                                                                          \
  }
  CIM_OUTPUT_PORTS(CIM_COMPARE)
#undef CIM_COMPARE
}

std::string Lockstep::replay_to_wave() {
  if (!replay_ || wave_path_.empty()) return {};
  if (!history_complete_) {
    return "none (the run outgrew the replay record; rerun with a trace window around cycle " +
           std::to_string(dut_->cycle()) + ")";
  }
  const std::filesystem::path parent = std::filesystem::path(wave_path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::unique_ptr<Macro> tracer = replay_(wave_path_);
  if (!tracer) return {};
  Outputs scratch(tracer->params());
  std::size_t next = 0;  // the first history entry not yet applied
  const Inputs* in = nullptr;
  try {
    for (std::uint64_t cycle = 0; cycle <= dut_->cycle(); ++cycle) {
      while (next < history_.size() && history_[next].first <= cycle) in = &history_[next++].second;
      tracer->eval(*in, scratch);
      if (cycle < dut_->cycle()) tracer->tick();
    }
  } catch (const AssertionFailure&) {
    // The replay fails where the run did (an RTL assertion): the waveform ends there.
  }
  tracer.reset();  // closes the trace file
  return wave_path_;
}

void Lockstep::fail(const AssertionFailure& failure) {
  std::string context = context_;
  const std::string wave = replay_to_wave();
  if (!wave.empty()) context += "; waveform " + wave;
  throw failure.with_context(context);
}

void Lockstep::fail(const std::string& port, const std::string& expected, const std::string& got) {
  std::string context = context_;
  const std::string wave = replay_to_wave();
  if (!wave.empty()) context += "; waveform " + wave;
  throw Mismatch(dut_->cycle(), port, expected, got, context);
}

}  // namespace cim
