// SPDX-License-Identifier: Apache-2.0
// The RTL's assertions (cim_assert.svh) in simulation: each assumption about the ports fires on a
// stimulus that breaks it, on every Verilated backend, as an AssertionFailure naming it; through
// the checked environment the failure also names its seed and leaves a waveform. (The assertions
// about the macro's own behaviour cannot be made to fail by a stimulus: formal/ makes each fail on
// a seeded bug instead.)
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "testbench.h"

namespace cim::test {
namespace {

// One way to break the handshake rule "a valid and its data held until taken": `raise` asks for
// a transfer from the first cycle on, `waiting` says whether it waits, `brk` breaks the rule.
struct BadStimulus {
  std::string assertion;
  std::function<void(Inputs&)> raise;
  std::function<bool(const Outputs&)> waiting;
  std::function<void(Inputs&)> brk;
};

const std::vector<BadStimulus>& bad_stimuli() {
  static const std::vector<BadStimulus> v = {
      {"ReqHeldUntilReady", [](Inputs&) {}, [](const Outputs& o) { return !o.req_ready; },
       [](Inputs& in) { in.req_valid = false; }},
      {"ReqStableUntilReady", [](Inputs&) {}, [](const Outputs& o) { return !o.req_ready; },
       [](Inputs& in) { in.req_act[0] ^= 1; }},
      {"WrHeldUntilReady", [](Inputs& in) { in.wr_valid = true; },
       [](const Outputs& o) { return !o.wr_ready; }, [](Inputs& in) { in.wr_valid = false; }},
      {"WrStableUntilReady", [](Inputs& in) { in.wr_valid = true; },
       [](const Outputs& o) { return !o.wr_ready; }, [](Inputs& in) { in.wr_data[0] ^= 1; }},
      {"RdHeldUntilReady", [](Inputs& in) { in.rd_valid = true; },
       [](const Outputs& o) { return !o.rd_ready; }, [](Inputs& in) { in.rd_valid = false; }},
      {"RdStableUntilReady", [](Inputs& in) { in.rd_valid = true; },
       [](const Outputs& o) { return !o.rd_ready; }, [](Inputs& in) { in.rd_row ^= 1; }},
  };
  return v;
}

// Requests back to back with every response refused, so the array stays busy and the ports wait;
// the transfer `bad` raises (from the third cycle) is broken in the cycle after it is first seen
// waiting on a busy array (not in the first cycle after reset, when nothing is taken). Returns the
// cycle whose rising edge must see the broken rule, or nothing when the transfer never waited in
// 100 cycles (a DUT whose port is always ready: there is no rule to break).
std::optional<std::uint64_t> drive_bad_stimulus(Macro& dut, const MacroSetup& s,
                                                const BadStimulus& bad) {
  const Params& p = s.params;
  Inputs in(p);
  Outputs out(p);
  in.rst_n = false;
  dut.eval(in, out);
  dut.tick();
  in.rst_n = true;
  in.req_valid = true;
  in.req_abits = std::uint32_t(p.abits);
  in.req_wbits = std::uint32_t(p.wbits);
  in.rsp_ready = false;
  for (int cycle = 0; cycle < 100; ++cycle) {
    // Raised once the first request is taken: a write offered with it would, with SCM=1, hold
    // the request (writes first), and the array would never be busy.
    if (cycle == 2) bad.raise(in);
    dut.eval(in, out);
    const bool waits = cycle >= 3 && bad.waiting(out);
    const std::uint64_t seen = dut.cycle();
    dut.tick();
    if (waits) {
      bad.brk(in);
      dut.eval(in, out);
      dut.tick();
      return seen + 1;
    }
  }
  return std::nullopt;
}

// Every DUT: the kit's macros include the checks; any other gets rtl/cim_port_checks.sv bound to
// its top (docs/your-macro.md), which carries the same port rules.
std::vector<BackendCase> verilated_cases() {
  std::vector<BackendCase> v;
  for (BackendCase& c : exact_backend_cases()) {
    if (find_backend(c.backend).verilated()) v.push_back(std::move(c));
  }
  return v;
}

class Assertions : public ::testing::TestWithParam<BackendCase> {};

TEST_P(Assertions, EachPortAssumptionFiresOnTheStimulusThatBreaksIt) {
  const BackendCase& c = GetParam();
  const Backend& b = find_backend(c.backend);
  std::string never_waits;
  for (const BadStimulus& bad : bad_stimuli()) {
    std::unique_ptr<Macro> dut = b.make(c.setup);
    try {
      const std::optional<std::uint64_t> edge = drive_bad_stimulus(*dut, c.setup, bad);
      if (!edge) {  // the kit's macros stall every port during a compute
        if (is_kit_dut(b)) ADD_FAILURE() << bad.assertion << ": the transfer never waited";
        never_waits += (never_waits.empty() ? "" : ", ") + bad.assertion;
        continue;
      }
      ADD_FAILURE() << bad.assertion << " did not fire (rule broken at the edge of cycle " << *edge
                    << ")";
    } catch (const AssertionFailure& f) {
      EXPECT_TRUE(f.failed(bad.assertion)) << f.what();
      const std::string what = f.what();
      EXPECT_NE(what.find(bad.assertion), std::string::npos) << what;
    }
  }
  if (!never_waits.empty()) {
    GTEST_SKIP() << "not broken here, " << c.backend << "'s port never waits: " << never_waits;
  }
}

TEST_P(Assertions, GoodStimulusFiresNone) {
  const BackendCase& c = GetParam();
  for (const BadStimulus& bad : bad_stimuli()) {
    std::unique_ptr<Macro> dut = find_backend(c.backend).make(c.setup);
    const BadStimulus held{bad.assertion, bad.raise, bad.waiting, [](Inputs&) {}};
    EXPECT_NO_THROW(drive_bad_stimulus(*dut, c.setup, held)) << bad.assertion;
  }
}

TEST_P(Assertions, ThroughTheEnvironmentAFailureNamesItsSeedAndLeavesAWaveform) {
  const BackendCase& c = GetParam();
  const std::string wave = std::string(CIM_WAVE_DIR) + "/" + test_name() + ".fst";
  std::filesystem::remove(wave);
  // The first rule this DUT's ports give a chance to break (a port that waits).
  const Backend& b = find_backend(c.backend);
  std::optional<BadStimulus> found;
  for (const BadStimulus& candidate : bad_stimuli()) {
    std::unique_ptr<Macro> probe = b.make(c.setup);
    const BadStimulus held{candidate.assertion, candidate.raise, candidate.waiting, [](Inputs&) {}};
    if (drive_bad_stimulus(*probe, c.setup, held)) {
      found = candidate;
      break;
    }
  }
  if (!found) GTEST_SKIP() << c.backend << "'s ports never wait: no port rule to break";
  const BadStimulus& bad = *found;
  Testbench tb(c.backend, c.setup);
  try {
    drive_bad_stimulus(tb.lockstep(), c.setup, bad);
    FAIL() << bad.assertion << " did not fire";
  } catch (const AssertionFailure& f) {
    const std::string what = f.what();
    EXPECT_TRUE(f.failed(bad.assertion)) << what;
    EXPECT_NE(what.find("CIM_SEED=" + std::to_string(tb.seed())), std::string::npos) << what;
    EXPECT_NE(what.find(wave), std::string::npos) << what;
    ASSERT_TRUE(std::filesystem::exists(wave));
    EXPECT_GT(std::filesystem::file_size(wave), 500u);
    std::filesystem::remove(wave);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryVerilatedBackend, Assertions, ::testing::ValuesIn(verilated_cases()),
                         backend_case_name);

}  // namespace
}  // namespace cim::test
