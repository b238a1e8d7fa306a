// SPDX-License-Identifier: Apache-2.0
// The macro's contract, one test body for every backend: the golden cycle model and the
// Verilated RTL of both macros (the analog one with ideal devices and an exact ADC) and every other
// DUT run the same tests, each taking its timing from the backend (the analog macro's conversion
// phases), the way s80x86 runs one test body on its C++ model and its RTL. Every test also runs
// under the mvm() scoreboard and, for a DUT that claims the reference timing, in lockstep with the
// backend's golden twin (harness/environment.h). A DUT checked by transaction skips the
// checks of the reference timing (latency, issue gaps, stalls): its latency is bounded instead.
#include <gtest/gtest.h>

#include <algorithm>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

using Case = BackendCase;
constexpr auto cases = exact_backend_cases;
constexpr auto case_name = backend_case_name;

// Cycle numbers of every request and response handshake.
struct HandshakeLog {
  std::vector<std::uint64_t> accepted, responded;
  std::uint64_t stalled_responses = 0;

  explicit HandshakeLog(Driver& drv) {
    drv.add_observer([this](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
      if (!in.rst_n) return;
      if (in.req_valid && out.req_ready) accepted.push_back(cycle);
      if (out.rsp_valid && in.rsp_ready) responded.push_back(cycle);
      if (out.rsp_valid && !in.rsp_ready) ++stalled_responses;
    });
  }
};

class Contract : public ::testing::TestWithParam<Case> {
 protected:
  Testbench tb_{GetParam().backend, GetParam().setup};
  const Backend& backend_ = find_backend(GetParam().backend);
  const MacroSetup& setup_ = GetParam().setup;
  const Params& p_ = GetParam().setup.params;

  // Checked by transaction: the reference macro's cycle counts do not apply.
  bool by_transaction() const { return tb_.check() == CheckMode::kTransaction; }
  // Cycles to wait for a response: the reference macro's latency, or the latency bound.
  int response_budget(int n) const {
    return by_transaction() ? int(tb_.latency().max_latency()) : n + 1 + p_.pipe;
  }

  // A random precision the backend computes (the analog macro with multi-bit cells: wbits = WBITS).
  Precision computable_precision() {
    return tb_.stimulus().precision(backend_.kind().full_wbits_only(setup_));
  }
};

// docs/macro.md's worked example, on rows 0 and 1: y = (4 x 2 + 5 x 3, 4 x 1 + 5 x 0) = (23, 4),
// on every macro wide enough to hold it (WBITS >= 2, ABITS >= 3, COLS >= 2).
class WorkedExample : public Contract {};

TEST_P(WorkedExample, GivesTheSpecsNumbers) {
  const std::vector<std::uint32_t> zero(p_.cols, 0);
  std::vector<std::uint32_t> row0 = zero, row1 = zero;
  row0[0] = 2, row0[1] = 1, row1[0] = 3;
  for (int r = 0; r < p_.rows; ++r) tb_.drv().write_row(r, r == 0 ? row0 : r == 1 ? row1 : zero);
  Request req{std::vector<std::uint32_t>(p_.rows, 0), Precision{p_.abits, p_.wbits, false, false}};
  req.act[0] = 4, req.act[1] = 5;
  const Response r = tb_.drv().mvm(req);
  std::vector<std::int64_t> want(p_.cols, 0);
  want[0] = 23, want[1] = 4;
  EXPECT_FALSE(r.err);
  EXPECT_EQ(r.data, want);
  EXPECT_EQ(tb_.drv().read_row(0), row0);
  EXPECT_EQ(tb_.drv().read_row(1), row1);
}

// Back to back, a request is accepted every n = compute_cycles(abits) cycles and answered
// response_latency (n + 1, n + 2 with PIPE) cycles after its acceptance, so the array never idles.
TEST_P(Contract, BackToBackKeepsTheArrayBusyEveryCycle) {
  if (by_transaction()) GTEST_SKIP() << "the reference timing; " << tb_.context();
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  std::vector<Request> reqs;
  for (int i = 0; i < 100; ++i) reqs.push_back(tb_.random_request(computable_precision()));
  tb_.drv().stream(reqs);
  ASSERT_EQ(log.accepted.size(), reqs.size());
  ASSERT_EQ(log.responded.size(), reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const std::uint64_t n = std::uint64_t(backend_.compute_cycles(setup_, reqs[i].prec.abits));
    const int latency = backend_.response_latency(setup_, reqs[i].prec.abits);
    EXPECT_EQ(log.responded[i], log.accepted[i] + latency) << "latency of request " << i;
    if (i + 1 < reqs.size()) {
      EXPECT_EQ(log.accepted[i + 1], log.accepted[i] + n) << "issue gap after request " << i;
    }
  }
}

// rsp_ready_i low 60% of the time: every response is held until taken and none is lost.
TEST_P(Contract, BackPressureHoldsResponses) {
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  std::bernoulli_distribution ready(0.4);
  std::vector<Request> reqs;
  for (int i = 0; i < 100; ++i) reqs.push_back(tb_.random_request(computable_precision()));
  const std::vector<Response> rsp = tb_.drv().stream(reqs, [&] { return ready(tb_.rng()); });
  for (std::size_t i = 0; i < reqs.size(); ++i) ASSERT_EQ(rsp[i], expected(tb_, reqs[i]));
  EXPECT_EQ(log.responded.size(), reqs.size());
  EXPECT_GT(log.stalled_responses, 20u);  // the test did exercise back-pressure
}

// The reset tests need no exact answer, so they run on every backend, the analog sets whose ADC
// is not exact too (the lockstep with the golden model checks every port every cycle there).
class Resets : public Contract {};

// A reset in any cycle of a compute, the first included, drops that request and keeps every weight.
TEST_P(Resets, MidComputeKeepsWeights) {
  HandshakeLog log(tb_.drv());
  const WeightMatrix w = tb_.load_random_weights();
  const int n = backend_.compute_cycles(setup_, p_.abits);
  for (int stop_after = 0; stop_after < n + 1 + p_.pipe; ++stop_after) {
    Inputs& in = tb_.drv().in();
    const Request doomed = tb_.random_request(Precision{p_.abits, p_.wbits, true, true});
    in.req_valid = true;
    in.req_act = doomed.act;
    in.req_abits = std::uint32_t(p_.abits);
    in.req_wbits = std::uint32_t(p_.wbits);
    in.req_asigned = in.req_wsigned = true;
    while (!tb_.drv().step().req_ready) {
    }
    in.req_valid = false;
    for (int i = 0; i < stop_after; ++i) tb_.drv().step();
    const std::size_t responses_before = log.responded.size();
    tb_.drv().reset();
    EXPECT_EQ(log.responded.size(), responses_before) << "the interrupted request answered";
    for (int r = 0; r < p_.rows; ++r) {
      ASSERT_EQ(tb_.drv().read_row(r), std::vector<std::uint32_t>(w.row(r), w.row(r) + p_.cols))
          << "row " << r << " after a reset " << stop_after << " cycles into a compute";
    }
    const Request next = tb_.random_request(computable_precision());
    const Response answer = tb_.drv().mvm(next);
    if (tb_.checks_mvm()) EXPECT_EQ(answer.data, mvm(w, next.act, next.prec));
  }
}

// 1,000 resets at random moments, most of them during a compute, with rsp_ready_i high 0% to 100%
// of the cycles and random writes, reads and bad precisions between them: every response taken is
// right (the scoreboard against mvm(), the lockstep every cycle), none comes without its request
// (the scoreboard throws), and a reset only takes what the macro held: at most a computing
// request and a waiting response (and, with PIPE, a last group in the register). After the last
// reset, every request is answered.
TEST_P(Resets, ThousandAtRandomAtEveryReadyDutyCycle) {
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  const std::vector<double> duties = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};
  const int n = backend_.compute_cycles(setup_, p_.abits);
  std::mt19937_64& rng = tb_.rng();
  std::uniform_int_distribution<int> run_length(1, 3 * n + 3), reset_length(1, 2);
  int during_compute = 0;
  std::uint64_t taken_by_resets = 0;
  for (int i = 0; i < 1000; ++i) {
    TrafficMix mix{.p_write = 0.05,
                   .p_read = 0.05,
                   .p_request = 0.8,
                   .p_rsp_ready = duties[std::size_t(i) % duties.size()],
                   .p_bad_precision = 0.05,
                   .full_wbits = backend_.kind().full_wbits_only(setup_)};
    RandomTraffic traffic(tb_.drv(), rng, mix);
    const std::size_t accepted = log.accepted.size(), responded = log.responded.size();
    for (int c = run_length(rng); c > 0; --c) traffic.cycle();
    const std::uint64_t held =
        (log.accepted.size() - accepted) - (log.responded.size() - responded);
    if (!by_transaction()) {  // a DUT of its own may hold more (a pipeline stage)
      ASSERT_LE(held, std::uint64_t(backend_.max_held(setup_)))
          << "reset " << i << ": more requests outstanding than the macro holds";
    }
    const bool waiting = tb_.drv().out().rsp_valid;
    if (held > (waiting ? 1u : 0u)) ++during_compute;
    taken_by_resets += held;
    tb_.drv().reset(reset_length(rng));
  }
  EXPECT_GE(during_compute, 300) << "too few resets landed in a compute";
  // No reset any more: requests at full rate, then drained with rsp_ready_i high.
  const std::size_t accepted = log.accepted.size(), responded = log.responded.size();
  TrafficMix mix{
      .p_request = 1.0, .p_rsp_ready = 0.5, .full_wbits = backend_.kind().full_wbits_only(setup_)};
  RandomTraffic traffic(tb_.drv(), rng, mix);
  for (int c = 0; c < 20 * n; ++c) traffic.cycle();
  Inputs& in = tb_.drv().in();
  in.rsp_ready = true;
  for (int c = 0; c < 3 * n + 7 + response_budget(n) && in.req_valid; ++c) {
    if (tb_.drv().step().req_ready) in.req_valid = false;
  }
  ASSERT_FALSE(in.req_valid) << "the last request was never accepted";
  for (int c = 0; c < n + 1 + response_budget(n); ++c) tb_.drv().step();
  EXPECT_EQ(log.accepted.size() - accepted, log.responded.size() - responded)
      << "a request accepted after the last reset was never answered";
  RecordProperty("resets_during_compute", std::to_string(during_compute));
  RecordProperty("requests_taken_by_resets", std::to_string(taken_by_resets));
}

// Every out-of-range precision the ports can carry answers rsp_err_o with zero data, after one
// array cycle, between two good requests that are unaffected.
TEST_P(Contract, OutOfRangePrecisionAnswersErrorInOneCycle) {
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  std::vector<Precision> bad;
  for (int v = 0; v < (1 << p_.abits_port_bits()); ++v) {
    if (v == 0 || v > p_.abits) bad.push_back(Precision{v, p_.wbits, true, false});
  }
  for (int v = 0; v < (1 << p_.wbits_port_bits()); ++v) {
    if (v == 0 || v > p_.wbits) bad.push_back(Precision{p_.abits, v, false, true});
  }
  for (const Precision& prec : bad) {
    const Request good = tb_.random_request(Precision{p_.abits, p_.wbits, false, false});
    const std::vector<Response> rsp = tb_.drv().stream({good, tb_.random_request(prec), good});
    EXPECT_FALSE(rsp[0].err);
    EXPECT_TRUE(rsp[1].err) << "abits " << prec.abits << " wbits " << prec.wbits;
    EXPECT_EQ(rsp[1].data, std::vector<std::int64_t>(p_.cols, 0));
    EXPECT_EQ(rsp[2], expected(tb_, good));
    const std::size_t n = log.accepted.size();
    if (by_transaction()) continue;  // the reference timing
    EXPECT_EQ(log.accepted[n - 1] - log.accepted[n - 2], 1u) << "cycles the error request took";
  }
  EXPECT_EQ(tb_.scoreboard().errors_checked(), bad.size());
}

// Writes and reads wait while a compute reads the array, and land between computes; the
// scoreboard checks every response against the weights as they were when it was computed.
TEST_P(Contract, WritesAndReadsStallDuringCompute) {
  std::uint64_t write_stalls = 0, read_stalls = 0;
  tb_.drv().add_observer([&](std::uint64_t, const Inputs& in, const Outputs& out) {
    write_stalls += in.wr_valid && !out.wr_ready;
    read_stalls += in.rd_valid && !out.rd_ready;
  });
  tb_.load_random_weights();
  // Addresses past ROWS included (rows 23..31 of a 23-row macro do not exist).
  const TrafficMix mix{.p_write = 0.3,
                       .p_read = 0.3,
                       .p_request = 0.8,
                       .p_rsp_ready = 0.8,
                       .full_wbits = backend_.kind().full_wbits_only(setup_),
                       .include_missing_rows = true};
  RandomTraffic traffic(tb_.drv(), tb_.rng(), mix);
  for (int i = 0; i < 3000; ++i) traffic.cycle();
  EXPECT_GT(tb_.scoreboard().responses_checked(), 100u);
  EXPECT_GT(tb_.scoreboard().reads_checked(), 100u);
  if (backend_.compute_cycles(setup_, p_.abits) > 1 && !by_transaction()) {
    EXPECT_GT(write_stalls, 20u);
    EXPECT_GT(read_stalls, 20u);
  }
}

// Read-back returns what was written, one row a read, for every row.
TEST_P(Contract, ReadBackReturnsTheWeights) {
  const WeightMatrix w = tb_.load_random_weights();
  for (int r = 0; r < p_.rows; ++r) {
    ASSERT_EQ(tb_.drv().read_row(r), std::vector<std::uint32_t>(w.row(r), w.row(r) + p_.cols))
        << "row " << r;
  }
  EXPECT_EQ(tb_.scoreboard().reads_checked(), std::uint64_t(p_.rows));
}

// Addresses past ROWS read zero and drop writes, on every macro whose row port can carry them
// (ROWS not a power of two).
class MissingRows : public Contract {};

TEST_P(MissingRows, ReadZeroAndIgnoreWrites) {
  const int span = 1 << p_.row_addr_bits();
  const WeightMatrix before = tb_.load_random_weights();
  const std::vector<std::uint32_t> ones(p_.cols, (1u << p_.wbits) - 1);
  for (int row = p_.rows; row < span; ++row) tb_.drv().write_row(row, ones);
  for (int row = p_.rows; row < span; ++row) {
    EXPECT_EQ(tb_.drv().read_row(row), std::vector<std::uint32_t>(p_.cols, 0)) << "row " << row;
  }
  for (int row = 0; row < p_.rows; ++row) {
    EXPECT_EQ(tb_.drv().read_row(row),
              std::vector<std::uint32_t>(before.row(row), before.row(row) + p_.cols));
  }
}

// A response taken after every wait from 0 cycles to two more than a compute lasts (rsp_ready_i
// low while it is valid, then high), each one right and none lost: the back-pressure of every
// length (the RTL's RspTakenAfterWait cover points).
TEST_P(Contract, ResponseTakenAfterEveryWaitLength) {
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  const int n = backend_.compute_cycles(setup_, p_.abits);
  Inputs& in = tb_.drv().in();
  for (int wait = 0; wait <= n + 2; ++wait) {
    const Precision prec{p_.abits, p_.wbits, true, true};
    const Request req = tb_.random_request(prec);
    in.req_valid = true;
    in.req_act = req.act;
    in.req_abits = std::uint32_t(prec.abits);
    in.req_wbits = std::uint32_t(prec.wbits);
    in.req_asigned = in.req_wsigned = true;
    const std::size_t before = log.responded.size();
    int waited = 0;
    for (int cycle = 0; log.responded.size() == before; ++cycle) {
      ASSERT_LT(cycle, n + wait + 7 + response_budget(n)) << "no response after a wait of " << wait;
      in.rsp_ready = waited >= wait;
      const Outputs& out = tb_.drv().step();
      if (in.req_valid && out.req_ready) in.req_valid = false;
      if (out.rsp_valid && !in.rsp_ready) ++waited;
    }
    EXPECT_EQ(waited, wait);
  }
  in.rsp_ready = true;
  EXPECT_EQ(log.accepted.size(), log.responded.size());
}

// Full-scale operands on every row, every precision the backend computes, on every backend: on an
// exact one the results are the largest magnitudes the output must hold, computed here in closed
// form; on an analog set whose ADC is not exact, the codes at full scale (checked against the
// golden analog model in lockstep, every port every cycle).
class Extremes : public Contract {};

TEST_P(Extremes, FullScaleOnEveryRow) {
  const bool full_wbits_only = backend_.kind().full_wbits_only(setup_);
  for (int k = 1; k <= std::max(p_.abits, p_.wbits); ++k) {
    const int ka = std::min(k, p_.abits), kw = full_wbits_only ? p_.wbits : std::min(k, p_.wbits);
    const std::int64_t rows = p_.rows;
    const std::int64_t a_min = -(std::int64_t{1} << (ka - 1)), a_max = (std::int64_t{1} << ka) - 1;
    const std::int64_t w_min = -(std::int64_t{1} << (kw - 1)), w_max = (std::int64_t{1} << kw) - 1;
    const std::uint32_t a_min_bits = 1u << (ka - 1), a_ones = (1u << ka) - 1;
    const std::uint32_t w_min_bits = 1u << (kw - 1), w_ones = (1u << kw) - 1;
    struct Operands {
      std::uint32_t w, a;
      bool asigned, wsigned;
      std::int64_t want;
    } operands[] = {
        {w_min_bits, a_min_bits, true, true, rows * a_min * w_min},
        {w_ones, a_ones, false, false, rows * a_max * w_max},
        {w_ones, a_min_bits, true, false, rows * a_min * w_max},
        {w_min_bits, a_ones, false, true, rows * a_max * w_min},
    };
    for (const Operands& c : operands) {
      for (int r = 0; r < p_.rows; ++r)
        tb_.drv().write_row(r, std::vector<std::uint32_t>(p_.cols, c.w));
      const Response rsp = tb_.drv().mvm(Request{std::vector<std::uint32_t>(p_.rows, c.a),
                                                 Precision{ka, kw, c.asigned, c.wsigned}});
      ASSERT_FALSE(rsp.err);
      if (!tb_.checks_mvm()) continue;
      for (int col = 0; col < p_.cols; ++col) {
        ASSERT_EQ(rsp.data[col], c.want)
            << "abits " << ka << ", wbits " << kw << ", channel " << col;
      }
    }
  }
}

std::vector<Case> cases_where(bool (*fits)(const Params&)) {
  std::vector<Case> v;
  for (const Case& c : cases()) {
    if (fits(c.setup.params)) v.push_back(c);
  }
  return v;
}

// Weight sets (WSETS > 1): while a request computes with its set, a write to every other set is
// taken in every cycle (the next weights load under the compute), a write to its own set waits
// for the compute's last cycle, and each set's requests see that set's weights: the scoreboard
// predicts every response from the set the request names, before and after the writes.
class WeightSets : public Contract {};

TEST_P(WeightSets, WritesToAnotherSetProceedWhileComputing) {
  HandshakeLog log(tb_.drv());
  tb_.load_random_weights();
  const int n = backend_.compute_cycles(setup_, p_.abits);
  Inputs& in = tb_.drv().in();
  int writes_while_computing = 0;
  for (int set = 0; set < p_.wsets; ++set) {
    for (int other = 0; other < p_.wsets; ++other) {
      Request req = tb_.random_request(Precision{p_.abits, p_.wbits, true, true});
      req.wset = set;
      in.req_valid = true;
      in.req_act = req.act;
      in.req_abits = std::uint32_t(p_.abits);
      in.req_wbits = std::uint32_t(p_.wbits);
      in.req_asigned = in.req_wsigned = true;
      in.req_wset = std::uint32_t(set);
      while (!tb_.drv().step().req_ready) {
      }
      in.req_valid = false;
      // The array computes in the next n cycles; a write offered in each of them, row by row (a
      // waiting one held until taken).
      for (int c = 0; c < n; ++c) {
        if (!in.wr_valid) {
          in.wr_valid = true;
          in.wr_wset = std::uint32_t(other);
          in.wr_row = std::uint32_t(c % p_.rows);
          in.wr_data = tb_.stimulus().row();
        }
        const Outputs& out = tb_.drv().step();
        const bool last = c == n - 1;  // the compute's last cycle: every set may be written
        if (other == set && !last) {
          EXPECT_FALSE(out.wr_ready)
              << "a write to set " << set << " taken while it computes, cycle " << c;
        } else {
          EXPECT_TRUE(out.wr_ready) << "a write to set " << other << " waited while set " << set
                                    << " computes, cycle " << c;
          writes_while_computing += !last;
        }
        if (out.wr_ready) in.wr_valid = false;
      }
      for (int c = 0; in.wr_valid || log.responded.size() < log.accepted.size(); ++c) {
        ASSERT_LT(c, response_budget(n)) << "no response, or the write never taken";
        if (tb_.drv().step().wr_ready) in.wr_valid = false;
      }
      // The new weights: every set answers from what it holds now.
      Request after = tb_.random_request(computable_precision());
      after.wset = other;
      tb_.drv().mvm(after);
    }
  }
  EXPECT_EQ(log.accepted.size(), log.responded.size());
  EXPECT_EQ(tb_.scoreboard().responses_checked(), std::uint64_t(2 * p_.wsets * p_.wsets));
  EXPECT_EQ(writes_while_computing, p_.wsets * (p_.wsets - 1) * (n - 1));
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, Contract, ::testing::ValuesIn(cases()), case_name);
INSTANTIATE_TEST_SUITE_P(
    EveryBackend, WeightSets,
    ::testing::ValuesIn(cases_where([](const Params& p) { return p.wsets > 1; })), case_name);
INSTANTIATE_TEST_SUITE_P(EveryBackend, Extremes, ::testing::ValuesIn(every_backend_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(EveryBackend, Resets, ::testing::ValuesIn(every_backend_cases()),
                         case_name);
INSTANTIATE_TEST_SUITE_P(EveryBackend, WorkedExample,
                         ::testing::ValuesIn(cases_where([](const Params& p) {
                           return p.wbits >= 2 && p.abits >= 3 && p.cols >= 2;
                         })),
                         case_name);
INSTANTIATE_TEST_SUITE_P(EveryBackend, MissingRows,
                         ::testing::ValuesIn(cases_where([](const Params& p) {
                           return (1 << p.row_addr_bits()) != p.rows;
                         })),
                         case_name);

}  // namespace
}  // namespace cim::test
