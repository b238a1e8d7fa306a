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

void Lockstep::eval(const Inputs& in, Outputs& out) {
  if (replay_) history_.push_back(in);
  golden_->eval(in, want_);
  dut_->eval(in, out);
  compare(want_, out);
  if (out.rsp_valid && in.rsp_ready && in.rst_n) {
    ++responses_;
    if (out.rsp_err) ++error_responses_;
  }
}

void Lockstep::tick() {
  golden_->tick();
  dut_->tick();
}

void Lockstep::compare(const Outputs& want, const Outputs& got) {
  if (want == got) return;
  auto flag = [&](const char* port, bool w, bool g) {
    if (w != g) fail(port, std::to_string(w), std::to_string(g));
  };
  flag("req_ready_o", want.req_ready, got.req_ready);
  flag("wr_ready_o", want.wr_ready, got.wr_ready);
  flag("rd_ready_o", want.rd_ready, got.rd_ready);
  flag("rd_data_valid_o", want.rd_data_valid, got.rd_data_valid);
  flag("rsp_valid_o", want.rsp_valid, got.rsp_valid);
  flag("rsp_err_o", want.rsp_err, got.rsp_err);
  for (std::size_t c = 0; c < want.rsp_data.size(); ++c) {
    if (want.rsp_data[c] != got.rsp_data[c]) {
      fail("rsp_data_o[channel " + std::to_string(c) + "]", std::to_string(want.rsp_data[c]),
           std::to_string(got.rsp_data[c]));
    }
  }
  for (std::size_t c = 0; c < want.rd_data.size(); ++c) {
    if (want.rd_data[c] != got.rd_data[c]) {
      fail("rd_data_o[channel " + std::to_string(c) + "]", std::to_string(want.rd_data[c]),
           std::to_string(got.rd_data[c]));
    }
  }
}

std::string Lockstep::replay_to_wave() {
  if (!replay_ || wave_path_.empty()) return {};
  std::filesystem::create_directories(std::filesystem::path(wave_path_).parent_path());
  std::unique_ptr<Macro> tracer = replay_(wave_path_);
  if (!tracer) return {};
  Outputs scratch(tracer->params());
  for (std::size_t i = 0; i < history_.size(); ++i) {
    tracer->eval(history_[i], scratch);
    if (i + 1 < history_.size()) tracer->tick();
  }
  tracer.reset();  // closes the trace file
  return wave_path_;
}

void Lockstep::fail(const std::string& port, const std::string& expected, const std::string& got) {
  std::string context = context_;
  const std::string wave = replay_to_wave();
  if (!wave.empty()) context += "; waveform " + wave;
  throw Mismatch(dut_->cycle(), port, expected, got, context);
}

}  // namespace cim
