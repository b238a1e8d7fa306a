// Testbench: what every test around a Verilated macro needs, built once per test. The DUT runs in
// lockstep with the golden cycle model (every port, every cycle), the monitor feeds the scoreboard
// (every response against mvm(), every read against the shadow weights), and the seed is printed
// and overridable with CIM_SEED so a failure reproduces.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "driver.h"
#include "lockstep.h"
#include "models.h"
#include "protocol_checker.h"
#include "scoreboard.h"

namespace cim::test {

// Names a parameterized test after its macro parameters, e.g. ".../r64_c16_w8_a8".
inline std::string config_name(const ::testing::TestParamInfo<Params>& info) {
  return info.param.name();
}

// CIM_SEED when set (decimal), otherwise a fixed seed derived from the test's name.
std::uint64_t test_seed();

// "Suite.Test" of the running test, with characters unfit for a file name replaced.
std::string test_name();

class Testbench {
 public:
  // cim_macro, checked against the digital cycle model and mvm().
  explicit Testbench(const Params& p, ModelOptions opt = {});
  // cim_analog_macro, checked against the analog cycle model on every port and cycle, and against
  // mvm() too when the array is ideal and its ADC exact (checks_mvm()).
  Testbench(const Params& p, const AnalogSetup& analog, ModelOptions opt = {});

  const Params& params() const { return p_; }
  std::uint64_t seed() const { return seed_; }
  std::mt19937_64& rng() { return rng_; }
  Driver& drv() { return drv_; }
  Lockstep& lockstep() { return *lockstep_; }
  Scoreboard& scoreboard() { return sb_; }
  const Scoreboard& scoreboard() const { return sb_; }
  Monitor& monitor() { return mon_; }
  bool checks_mvm() const { return checks_mvm_; }

  // Random raw patterns of the full stored width, and a random matrix loaded into the macro.
  std::vector<std::uint32_t> random_row();
  WeightMatrix random_weights();
  WeightMatrix load_random_weights();
  Request random_request(const Precision& prec);
  Precision random_precision();

 private:
  Testbench(const Params& p, const std::string& backend, const AnalogSetup& analog,
            const std::string& name, ModelOptions opt);

  Params p_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  Lockstep* lockstep_;  // owned by macro_
  std::unique_ptr<Macro> macro_;
  bool checks_mvm_;
  Scoreboard sb_;
  Monitor mon_;
  ProtocolChecker protocol_;
  Driver drv_;
};

// The response mvm() predicts for the weights the scoreboard believes are stored.
Response expected(const Testbench& tb, const Request& req);

}  // namespace cim::test
