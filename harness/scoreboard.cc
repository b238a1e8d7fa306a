// SPDX-License-Identifier: Apache-2.0
#include "scoreboard.h"

#include "mismatch.h"

namespace cim {
namespace {

template <class T>
std::string join(const std::vector<T>& v) {
  std::string s = "(";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + ")";
}

}  // namespace

Scoreboard::Scoreboard(const Params& p, std::string context, Supports supports)
    : p_(p),
      context_(std::move(context)),
      supports_(std::move(supports)),
      shadows_(std::size_t(p.wsets), WeightMatrix(p.rows, p.cols)) {}

void Scoreboard::on_reset() {
  expected_rsp_.clear();
  expected_rd_.clear();
}

void Scoreboard::on_write(int wset, int row, const std::vector<std::uint32_t>& data) {
  if (row >= p_.rows) return;  // rows past ROWS do not exist; the write is dropped
  const std::uint32_t mask = (1u << p_.wbits) - 1;
  for (int c = 0; c < p_.cols; ++c) shadows_[std::size_t(wset)].at(row, c) = data[c] & mask;
}

void Scoreboard::on_read_issued(int wset, int row) {
  std::vector<std::uint32_t> want(p_.cols, 0);
  if (row < p_.rows) {
    for (int c = 0; c < p_.cols; ++c) want[c] = shadows_[std::size_t(wset)].at(row, c);
  }
  expected_rd_.push_back(std::move(want));
}

void Scoreboard::on_read_data(std::uint64_t cycle, const std::vector<std::uint32_t>& data) {
  if (expected_rd_.empty()) throw Mismatch(cycle, "rd_data_valid_o", "0", "1", context_);
  const std::vector<std::uint32_t> want = std::move(expected_rd_.front());
  expected_rd_.pop_front();
  if (!check_results_) return;
  if (want != data) throw Mismatch(cycle, "rd_data_o", join(want), join(data), context_);
  ++reads_checked_;
}

void Scoreboard::on_request(const Request& req) {
  Response want = reference(p_, shadow(req.wset), req);
  if (!want.err && supports_ && !supports_(req.prec)) {
    want = Response{std::vector<std::int64_t>(p_.cols, 0), true};
  }
  expected_rsp_.push_back(want);
}

void Scoreboard::on_response(std::uint64_t cycle, const Response& rsp) {
  if (expected_rsp_.empty()) throw Mismatch(cycle, "rsp_valid_o", "0", "1", context_);
  const Response want = std::move(expected_rsp_.front());
  expected_rsp_.pop_front();
  if (want.err != rsp.err) {
    throw Mismatch(cycle, "rsp_err_o", std::to_string(want.err), std::to_string(rsp.err),
                   context_ + ", against mvm()");
  }
  if (stats_ && !rsp.err) stats_->add(want.data, rsp.data);
  if (check_results_ && want.data != rsp.data) {
    throw Mismatch(cycle, "rsp_data_o", join(want.data), join(rsp.data),
                   context_ + ", against mvm()");
  }
  ++responses_checked_;
  if (rsp.err) ++errors_checked_;
}

void Monitor::observe(std::uint64_t cycle, const Inputs& in, const Outputs& out) {
  if (!in.rst_n) {
    sb_.on_reset();
    return;
  }
  if (out.rd_data_valid) sb_.on_read_data(cycle, out.rd_data);
  if (out.rsp_valid && in.rsp_ready) {
    sb_.on_response(cycle, Response{out.rsp_data, out.rsp_err});
  }
  // Same-cycle order inside the macro: a read sees the array before this edge's write, and a
  // request accepted with a write sees the written row.
  // Every set port value names a set (WSETS is a power of two; one set ignores the port).
  const std::uint32_t sets = std::uint32_t(sb_.params().wsets - 1);
  if (in.rd_valid && out.rd_ready) sb_.on_read_issued(int(in.rd_wset & sets), int(in.rd_row));
  if (in.wr_valid && out.wr_ready) sb_.on_write(int(in.wr_wset & sets), int(in.wr_row), in.wr_data);
  if (in.req_valid && out.req_ready) {
    sb_.on_request(Request{
        in.req_act, Precision{int(in.req_abits), int(in.req_wbits), in.req_asigned, in.req_wsigned},
        int(in.req_wset & sets)});
  }
}

}  // namespace cim
