// SPDX-License-Identifier: Apache-2.0
#include "driver.h"

#include <stdexcept>
#include <string>

#include "interrupt.h"

namespace cim {

Driver::Driver(Macro& macro) : macro_(macro), in_(macro.params()), out_(macro.params()) {}

const Outputs& Driver::step() {
  throw_if_interrupted();
  macro_.eval(in_, out_);
  for (const Observer& obs : observers_) obs(macro_.cycle(), in_, out_);
  macro_.tick();
  return out_;
}

void Driver::timeout(const char* what) const {
  throw std::runtime_error("timeout: " + std::string(what) + " not seen within " +
                           std::to_string(kTimeoutCycles) + " cycles, at cycle " +
                           std::to_string(macro_.cycle()));
}

void Driver::clear_strobes() {
  in_.wr_valid = false;
  in_.rd_valid = false;
  in_.req_valid = false;
}

void Driver::reset(int cycles) {
  clear_strobes();
  in_.rst_n = false;
  for (int i = 0; i < cycles; ++i) step();
  in_.rst_n = true;
  step();
}

void Driver::write_row(int row, const std::vector<std::uint32_t>& data, int wset) {
  in_.wr_valid = true;
  in_.wr_wset = std::uint32_t(wset);
  in_.wr_row = std::uint32_t(row);
  in_.wr_data = data;
  for (int i = 0; i < kTimeoutCycles; ++i) {
    if (step().wr_ready) {
      in_.wr_valid = false;
      return;
    }
  }
  timeout("wr_ready_o");
}

void Driver::queue_write(int row, std::vector<std::uint32_t> data, int wset) {
  writes_.push_back(Write{row, std::move(data), wset});
}

void Driver::offer_write() {
  in_.wr_valid = !writes_.empty();
  if (in_.wr_valid) {
    in_.wr_wset = std::uint32_t(writes_.front().wset);
    in_.wr_row = std::uint32_t(writes_.front().row);
    in_.wr_data = writes_.front().data;
  }
}

void Driver::drain_writes() {
  while (!writes_.empty()) {
    const Write w = std::move(writes_.front());
    writes_.pop_front();
    write_row(w.row, w.data, w.wset);
  }
}

void Driver::load(const WeightMatrix& w, int wset) {
  std::vector<std::uint32_t> row(w.cols());
  for (int r = 0; r < w.rows(); ++r) {
    for (int c = 0; c < w.cols(); ++c) row[c] = w.at(r, c);
    write_row(r, row, wset);
  }
}

std::vector<std::uint32_t> Driver::read_row(int row, int wset) {
  in_.rd_valid = true;
  in_.rd_wset = std::uint32_t(wset);
  in_.rd_row = std::uint32_t(row);
  int waited = 0;
  while (!step().rd_ready) {
    if (++waited == kTimeoutCycles) timeout("rd_ready_o");
  }
  in_.rd_valid = false;
  if (!step().rd_data_valid)
    throw std::runtime_error("rd_data_valid_o missing one cycle after a read");
  return out_.rd_data;
}

void Driver::set_request(const Request& req) {
  in_.req_valid = true;
  in_.req_act = req.act;
  in_.req_abits = std::uint32_t(req.prec.abits);
  in_.req_wbits = std::uint32_t(req.prec.wbits);
  in_.req_asigned = req.prec.asigned;
  in_.req_wsigned = req.prec.wsigned;
  in_.req_wset = std::uint32_t(req.wset);
}

Response Driver::mvm(const Request& req) {
  std::vector<Response> rsp = stream({req});
  return rsp.front();
}

std::vector<Response> Driver::stream(const std::vector<Request>& reqs, const ReadyPolicy& ready) {
  std::vector<Response> rsp;
  rsp.reserve(reqs.size());
  std::size_t next = 0;
  int idle = 0;
  while (rsp.size() < reqs.size()) {
    if (next < reqs.size()) {
      set_request(reqs[next]);
    } else {
      in_.req_valid = false;
    }
    in_.rsp_ready = ready ? ready() : true;
    offer_write();
    const Outputs& o = step();
    const bool wrote = in_.wr_valid && o.wr_ready;
    const bool progressed =
        (in_.req_valid && o.req_ready) || (o.rsp_valid && in_.rsp_ready) || wrote;
    if (wrote) writes_.pop_front();
    if (in_.req_valid && o.req_ready) ++next;
    if (o.rsp_valid && in_.rsp_ready) rsp.push_back(Response{o.rsp_data, o.rsp_err});
    idle = progressed ? 0 : idle + 1;
    if (idle == kTimeoutCycles) timeout("request or response handshake");
  }
  in_.req_valid = false;
  in_.wr_valid = false;
  in_.rsp_ready = true;
  return rsp;
}

}  // namespace cim
