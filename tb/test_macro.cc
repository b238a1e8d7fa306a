// Directed tests of the Verilated cim_macro. Every test runs in lockstep with the golden cycle
// model (every port, every cycle) and under the scoreboard (every response against mvm()); the
// assertions here add what those cannot know: the spec's own numbers, latency and throughput.
#include <gtest/gtest.h>

#include <filesystem>

#include "testbench.h"
#include "traffic.h"

namespace cim::test {
namespace {

const Params kDefault{64, 16, 8, 8};

// Cycle numbers of every request and response handshake.
struct HandshakeLog {
  std::vector<std::uint64_t> accepted, responded;
  std::uint64_t stalled_responses = 0;

  void attach(Driver& drv) {
    drv.add_observer([this](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
      if (!in.rst_n) return;
      if (in.req_valid && out.req_ready) accepted.push_back(cycle);
      if (out.rsp_valid && in.rsp_ready) responded.push_back(cycle);
      if (out.rsp_valid && !in.rsp_ready) ++stalled_responses;
    });
  }
};

TEST(Macro, WorkedExample2x2) {
  Testbench tb({2, 2, 8, 8});
  tb.drv().write_row(0, {2, 1});
  tb.drv().write_row(1, {3, 0});
  const Response r = tb.drv().mvm(Request{{4, 5}, Precision{8, 8, false, false}});
  EXPECT_FALSE(r.err);
  EXPECT_EQ(r.data, (std::vector<std::int64_t>{23, 4}));
  EXPECT_EQ(tb.drv().read_row(0), (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(tb.drv().read_row(1), (std::vector<std::uint32_t>{3, 0}));
}

// Every precision and sign mode on every compiled macro, so every partial first activation group
// of the multi-bit-per-cycle builds is exercised.
class EveryPrecision : public ::testing::TestWithParam<Params> {};

TEST_P(EveryPrecision, AndSignModeMatchesGolden) {
  const Params p = GetParam();
  Testbench tb(p);
  tb.load_random_weights();
  int checked = 0;
  for (int abits = 1; abits <= p.abits; ++abits) {
    for (int wbits = 1; wbits <= p.wbits; ++wbits) {
      for (int mode = 0; mode < 4; ++mode) {
        const Precision prec{abits, wbits, bool(mode & 1), bool(mode & 2)};
        std::vector<Request> reqs;
        for (int i = 0; i < 3; ++i) reqs.push_back(tb.random_request(prec));
        const std::vector<Response> rsp = tb.drv().stream(reqs);
        for (std::size_t i = 0; i < reqs.size(); ++i) {
          ASSERT_EQ(rsp[i], expected(tb, reqs[i]))
              << "abits " << abits << " wbits " << wbits << " asigned " << prec.asigned
              << " wsigned " << prec.wsigned;
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, p.abits * p.wbits * 4 * 3);
  EXPECT_EQ(tb.scoreboard().responses_checked(), std::uint64_t(checked));
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, EveryPrecision, ::testing::ValuesIn(digital_configs()),
                         config_name);

// Full-scale operands on every row, every precision, on every compiled macro: the results are
// the largest magnitudes the output must hold, computed here in closed form.
class Extremes : public ::testing::TestWithParam<Params> {};

TEST_P(Extremes, FullScaleOnEveryRow) {
  const Params p = GetParam();
  Testbench tb(p);
  const int k_max = std::min(p.abits, p.wbits);
  for (int k = 1; k <= k_max; ++k) {
    const std::uint32_t most_negative = 1u << (k - 1), all_ones = (1u << k) - 1;
    const std::int64_t rows = p.rows;
    const std::int64_t mn = -(std::int64_t{1} << (k - 1)), mx = (std::int64_t{1} << k) - 1;
    struct Case {
      std::uint32_t w, a;
      bool asigned, wsigned;
      std::int64_t want;
    } cases[] = {
        {most_negative, most_negative, true, true, rows * mn * mn},
        {all_ones, all_ones, false, false, rows * mx * mx},
        {all_ones, most_negative, true, false, rows * mn * mx},
        {most_negative, all_ones, false, true, rows * mx * mn},
    };
    for (const Case& c : cases) {
      for (int r = 0; r < p.rows; ++r) tb.drv().write_row(r, std::vector<std::uint32_t>(p.cols, c.w));
      const Response rsp = tb.drv().mvm(
          Request{std::vector<std::uint32_t>(p.rows, c.a), Precision{k, k, c.asigned, c.wsigned}});
      ASSERT_FALSE(rsp.err);
      for (int col = 0; col < p.cols; ++col) {
        ASSERT_EQ(rsp.data[col], c.want) << "k=" << k << " channel " << col;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, Extremes, ::testing::ValuesIn(digital_configs()),
                         config_name);

// Back-to-back requests: one accepted every n = ceil(abits / ABITS_PER_CYCLE) cycles, each
// answered n + 1 cycles after it was accepted, so the array never idles.
class BackToBack : public ::testing::TestWithParam<Params> {};

TEST_P(BackToBack, KeepsTheArrayBusyEveryCycle) {
  const Params p = GetParam();
  Testbench tb(p);
  HandshakeLog log;
  log.attach(tb.drv());
  tb.load_random_weights();
  std::vector<Request> reqs;
  for (int i = 0; i < 200; ++i) reqs.push_back(tb.random_request(tb.random_precision()));
  tb.drv().stream(reqs);
  ASSERT_EQ(log.accepted.size(), reqs.size());
  ASSERT_EQ(log.responded.size(), reqs.size());
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const std::uint64_t n = std::uint64_t(p.compute_cycles(reqs[i].prec.abits));
    EXPECT_EQ(log.responded[i], log.accepted[i] + n + 1) << "latency of request " << i;
    if (i + 1 < reqs.size()) {
      EXPECT_EQ(log.accepted[i + 1], log.accepted[i] + n) << "issue gap after request " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, BackToBack, ::testing::ValuesIn(digital_configs()),
                         config_name);

TEST(Macro, RandomBackPressureHoldsResponses) {
  Testbench tb(kDefault);
  HandshakeLog log;
  log.attach(tb.drv());
  tb.load_random_weights();
  std::bernoulli_distribution ready(0.4);
  std::vector<Request> reqs;
  for (int i = 0; i < 400; ++i) reqs.push_back(tb.random_request(tb.random_precision()));
  const std::vector<Response> rsp = tb.drv().stream(reqs, [&] { return ready(tb.rng()); });
  for (std::size_t i = 0; i < reqs.size(); ++i) ASSERT_EQ(rsp[i], expected(tb, reqs[i]));
  EXPECT_GT(log.stalled_responses, 100u);  // the test did exercise back-pressure
}

TEST(Macro, WritesAndReadsInterleavedWithCompute) {
  for (const Params& p : {kDefault, Params{23, 3, 5, 3}}) {
    Testbench tb(p);
    std::uint64_t write_stalls = 0, read_stalls = 0;
    tb.drv().add_observer([&](std::uint64_t, const Inputs& in, const Outputs& out) {
      write_stalls += in.wr_valid && !out.wr_ready;
      read_stalls += in.rd_valid && !out.rd_ready;
    });
    tb.load_random_weights();
    TrafficMix mix;
    mix.p_write = 0.3;
    mix.p_read = 0.3;
    mix.p_request = 0.8;
    mix.p_rsp_ready = 0.8;
    mix.include_missing_rows = true;  // rows 23..31 of the 23-row macro do not exist
    RandomTraffic traffic(tb.drv(), tb.rng(), mix);
    for (int i = 0; i < 6000; ++i) traffic.cycle();
    EXPECT_GT(tb.scoreboard().responses_checked(), 500u) << p.name();
    EXPECT_GT(tb.scoreboard().reads_checked(), 500u) << p.name();
    EXPECT_GT(write_stalls, 100u) << p.name();
    EXPECT_GT(read_stalls, 100u) << p.name();
  }
}

TEST(Macro, MissingRowsReadZeroAndIgnoreWrites) {
  Testbench tb({23, 3, 5, 3});
  tb.load_random_weights();
  const WeightMatrix before = tb.scoreboard().shadow();
  for (int row = 23; row < 32; ++row) tb.drv().write_row(row, {31, 31, 31});
  for (int row = 23; row < 32; ++row) {
    EXPECT_EQ(tb.drv().read_row(row), (std::vector<std::uint32_t>{0, 0, 0})) << "row " << row;
  }
  for (int row = 0; row < 23; ++row) {
    EXPECT_EQ(tb.drv().read_row(row),
              (std::vector<std::uint32_t>{before.at(row, 0), before.at(row, 1), before.at(row, 2)}));
  }
}

TEST(Macro, ResetMidComputeKeepsWeights) {
  Testbench tb(kDefault);
  HandshakeLog log;
  log.attach(tb.drv());
  const WeightMatrix w = tb.load_random_weights();
  for (int stop_after = 1; stop_after <= 7; ++stop_after) {
    const Request doomed = tb.random_request(Precision{8, 8, true, true});
    Inputs& in = tb.drv().in();
    in.req_valid = true;
    in.req_act = doomed.act;
    in.req_abits = 8;
    in.req_wbits = 8;
    in.req_asigned = in.req_wsigned = true;
    while (!tb.drv().step().req_ready) {
    }
    in.req_valid = false;
    for (int i = 0; i < stop_after; ++i) tb.drv().step();
    const std::size_t responses_before = log.responded.size();
    tb.drv().reset();
    EXPECT_EQ(log.responded.size(), responses_before) << "the interrupted request answered";

    for (int r = 0; r < kDefault.rows; ++r) {
      std::vector<std::uint32_t> want(kDefault.cols);
      for (int c = 0; c < kDefault.cols; ++c) want[c] = w.at(r, c);
      ASSERT_EQ(tb.drv().read_row(r), want) << "row " << r << " after reset";
    }
    const Request next = tb.random_request(tb.random_precision());
    EXPECT_EQ(tb.drv().mvm(next).data, mvm(w, next.act, next.prec));
  }
}

class OutOfRange : public ::testing::TestWithParam<Params> {};

TEST_P(OutOfRange, PrecisionGivesErrorAndZeroData) {
  const Params p = GetParam();
  Testbench tb(p);
  HandshakeLog log;
  log.attach(tb.drv());
  tb.load_random_weights();
  std::vector<Precision> bad;
  for (int v = 0; v < (1 << p.abits_port_bits()); ++v) {
    if (v == 0 || v > p.abits) bad.push_back(Precision{v, p.wbits, true, false});
  }
  for (int v = 0; v < (1 << p.wbits_port_bits()); ++v) {
    if (v == 0 || v > p.wbits) bad.push_back(Precision{p.abits, v, false, true});
  }
  for (const Precision& prec : bad) {
    const Request good = tb.random_request(Precision{p.abits, p.wbits, false, false});
    const Request wrong = tb.random_request(prec);
    const std::vector<Response> rsp = tb.drv().stream({good, wrong, good});
    EXPECT_FALSE(rsp[0].err);
    EXPECT_TRUE(rsp[1].err) << "abits " << prec.abits << " wbits " << prec.wbits;
    EXPECT_EQ(rsp[1].data, std::vector<std::int64_t>(p.cols, 0));
    EXPECT_FALSE(rsp[2].err);
    EXPECT_EQ(rsp[2].data, mvm(tb.scoreboard().shadow(), good.act, good.prec));
    // An erroneous request occupies the array for one cycle.
    const std::size_t n = log.accepted.size();
    EXPECT_EQ(log.accepted[n - 1] - log.accepted[n - 2], 1u);
  }
  EXPECT_EQ(tb.scoreboard().errors_checked(), bad.size());
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, OutOfRange, ::testing::ValuesIn(digital_configs()),
                         config_name);

// The checker itself: a weight the golden model believes differently must be caught, reported
// with cycle, port and both values, and leave a waveform.
TEST(Checker, CatchesACorruptedWeightAndKeepsAWaveform) {
  Testbench tb(kDefault);
  const WeightMatrix w = tb.load_random_weights();
  tb.lockstep().golden().poke_weight(5, 3, w.at(5, 3) ^ 0x10);
  Request req{std::vector<std::uint32_t>(kDefault.rows, 0), Precision{8, 8, false, false}};
  req.act[5] = 1;
  try {
    tb.drv().mvm(req);
    FAIL() << "the corrupted weight went unnoticed";
  } catch (const Mismatch& m) {
    const std::string what = m.what();
    EXPECT_EQ(m.port(), "rsp_data_o[channel 3]");
    EXPECT_NE(what.find("cycle " + std::to_string(m.cycle())), std::string::npos) << what;
    EXPECT_NE(what.find("CIM_SEED=" + std::to_string(tb.seed())), std::string::npos) << what;
    const std::int64_t want_diff = std::int64_t(w.at(5, 3) ^ 0x10) - std::int64_t(w.at(5, 3));
    EXPECT_EQ(std::stoll(m.expected()) - std::stoll(m.got()), want_diff);
    const std::string wave = std::string(CIM_WAVE_DIR) + "/" + test_name() + ".fst";
    EXPECT_NE(what.find(wave), std::string::npos) << what;
    ASSERT_TRUE(std::filesystem::exists(wave));
    EXPECT_GT(std::filesystem::file_size(wave), 1000u);
    std::filesystem::remove(wave);
  }
}

}  // namespace
}  // namespace cim::test
