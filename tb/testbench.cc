// SPDX-License-Identifier: Apache-2.0
#include "testbench.h"

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace cim::test {

std::string test_name() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "no_test";
  for (char& ch : name) {
    if (ch == '/') ch = '_';
  }
  return name;
}

std::uint64_t test_seed() {
  if (const char* env = std::getenv("CIM_SEED")) {
    const std::string text(env);
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        errno == ERANGE || *end != '\0') {
      throw std::invalid_argument("CIM_SEED='" + text +
                                  "' is not a decimal whole number in 0..18446744073709551615");
    }
    return v;
  }
  // FNV-1a of the test name: stable across runs and machines, different per test.
  std::uint64_t h = 1469598103934665603ull;
  for (char ch : test_name()) h = (h ^ std::uint8_t(ch)) * 1099511628211ull;
  return h % 1000000007ull;
}

namespace {

EnvironmentOptions options(const std::string& backend, const MacroSetup& setup,
                           ModelOptions model) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string filter =
      info ? std::string(info->test_suite_name()) + "." + info->name() : test_name();
  EnvironmentOptions o;
  o.backend = backend;
  o.setup = setup;
  o.seed = test_seed();
  o.model = std::move(model);
  o.wave_path = std::string(CIM_WAVE_DIR) + "/" + test_name() + ".fst";
  o.reproduce =
      "CIM_SEED=" + std::to_string(o.seed) + " build/cim_tests --gtest_filter='" + filter + "'";
  return o;
}

}  // namespace

Testbench::Testbench(const std::string& backend, const MacroSetup& setup, ModelOptions opt)
    : Environment(options(backend, setup, std::move(opt))) {
  std::cout << "[ seed     ] " << test_name() << " seed=" << seed()
            << " (reproduce: CIM_SEED=" << seed() << ")\n";
  ::testing::Test::RecordProperty("seed", std::to_string(seed()));
}

Response expected(const Testbench& tb, const Request& req) {
  return reference(tb.params(), tb.scoreboard().shadow(req.wset), req);
}

namespace {

std::vector<BackendCase> backend_cases(bool exact_only) {
  std::vector<BackendCase> v;
  for (const Backend& b : backends()) {
    if (!b.verilated()) continue;
    // The kit's macros with their golden twin first: one test body, the C++ model and the RTL.
    const bool kit = is_kit_dut(b);
    for (const MacroSetup& s : dut_configs(b)) {
      if (exact_only && !b.exact(s)) continue;
      if (kit) v.push_back({b.kind().golden_backend(), s});
      v.push_back({b.name(), s});
    }
  }
  return v;
}

}  // namespace

std::vector<BackendCase> exact_backend_cases() { return backend_cases(true); }
std::vector<BackendCase> every_backend_cases() { return backend_cases(false); }

std::vector<BackendCase> kit_digital_cases() {
  std::vector<BackendCase> v;
  for (const MacroSetup& s : dut_configs(find_backend("digital"))) v.push_back({"digital", s});
  return v;
}

std::vector<BackendCase> other_digital_dut_cases() {
  std::vector<BackendCase> v;
  for (const Backend& b : backends()) {
    if (!b.verilated() || !b.kind().stores_bits() || is_kit_dut(b)) continue;
    for (const MacroSetup& s : dut_configs(b)) v.push_back({b.name(), s});
  }
  return v;
}

std::string backend_case_name(const ::testing::TestParamInfo<BackendCase>& info) {
  std::string n =
      info.param.backend + "_" + find_backend(info.param.backend).config_name(info.param.setup);
  for (char& ch : n) {
    if (ch == '-') ch = '_';
  }
  return n;
}

}  // namespace cim::test
