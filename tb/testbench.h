// SPDX-License-Identifier: Apache-2.0
// Testbench: the verification environment (harness/environment.h) as a test needs it. The seed
// is printed, recorded in the test's XML, and overridable with CIM_SEED; a mismatch names the
// command that reruns the test and leaves its waveform in build/waves/<Suite.Test>.fst.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "environment.h"

namespace cim {
// What gtest prints for a parameter (ctest's test list, failures): the configuration's name.
inline void PrintTo(const Params& p, std::ostream* os) { *os << p.name(); }
inline void PrintTo(const AnalogConfig& c, std::ostream* os) { *os << c.name(); }
}  // namespace cim

namespace cim::test {

// Names a parameterized test after its macro parameters, e.g. ".../r64_c16_w8_a8".
inline std::string config_name(const ::testing::TestParamInfo<Params>& info) {
  return info.param.name();
}

// A suite whose cases come from the kit's compiled sets has none in a build without them
// (CIM_KIT_MODELS=OFF: make coverage DUT=...); there only, gtest is told that is expected.
#if CIM_KIT_MODELS
#define CIM_EMPTY_WITHOUT_KIT_MODELS(suite) static_assert(true)
#else
#define CIM_EMPTY_WITHOUT_KIT_MODELS(suite) GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(suite)
#endif

// CIM_SEED when set (decimal), otherwise a fixed seed derived from the test's name.
std::uint64_t test_seed();

// "Suite.Test" of the running test, with characters unfit for a file name replaced.
std::string test_name();

class Testbench : public Environment {
 public:
  // Any backend by name.
  Testbench(const std::string& backend, const MacroSetup& setup, ModelOptions opt = {});
  // cim_macro (Verilated), checked against the digital cycle model and mvm().
  explicit Testbench(const Params& p, ModelOptions opt = {})
      : Testbench("digital", MacroSetup{p, {}}, std::move(opt)) {}
  // cim_analog_macro (Verilated), checked against the analog cycle model on every port and
  // cycle, and against mvm() too when the array is ideal and its ADC exact (checks_mvm()).
  Testbench(const Params& p, const AnalogSetup& analog, ModelOptions opt = {})
      : Testbench("analog", MacroSetup{p, analog}, std::move(opt)) {}

  std::vector<std::uint32_t> random_row() { return stimulus().row(); }
  WeightMatrix random_weights() { return stimulus().weights(); }
  Request random_request(const Precision& prec) { return stimulus().request(prec); }
  Precision random_precision() { return stimulus().precision(); }
};

// A backend and the macro it runs: a parameter of the tests that run on every backend.
struct BackendCase {
  std::string backend;
  MacroSetup setup;
};
// Every compiled set of every DUT whose answers equal mvm(): the digital ones, and the analog
// ones whose ADC is exact (ideal devices); the kit's macros' sets on their golden cycle model too.
std::vector<BackendCase> exact_backend_cases();
// The same with every compiled analog set, its ADC exact or not (ideal devices): for the tests
// that need no exact answer (the lockstep with the golden model still checks every port).
std::vector<BackendCase> every_backend_cases();
// Whether a backend is one of the kit's own macros (cim_macro, cim_analog_macro), whose RTL
// carries the kit's assertions (rtl/cim_macro_checks.svh).
inline bool is_kit_dut(const Backend& b) { return b.name() == "digital" || b.name() == "analog"; }
// "digital_r64_c16_w8_a8", "analog_golden_r23_c3_w5_a3_cb1_adc5_s3".
std::string backend_case_name(const ::testing::TestParamInfo<BackendCase>& info);
inline void PrintTo(const BackendCase& c, std::ostream* os) {
  *os << c.backend << "_" << find_backend(c.backend).config_name(c.setup);
}

// The compiled sets of the kit's cim_macro ("digital"), or of every other digital DUT, as cases.
std::vector<BackendCase> kit_digital_cases();
std::vector<BackendCase> other_digital_dut_cases();
// "r64_c16_w8_a8": the configuration alone (the kit's cim_macro).
inline std::string setup_name(const ::testing::TestParamInfo<BackendCase>& info) {
  return info.param.setup.params.name();
}

// The response mvm() predicts for the weights the scoreboard believes are stored.
Response expected(const Testbench& tb, const Request& req);

}  // namespace cim::test
