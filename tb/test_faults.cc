// SPDX-License-Identifier: Apache-2.0
// StorageFault injection into a Verilated digital DUT's bitcell array (its storage hook: the kit's
// cim_macro, an example, yours; harness/verilated/faults.h) and
// March C- through the ports (harness/march.h): the fault-free array passes, and every injected
// single fault is detected, counted by fault class. Every stuck-at and transition fault of every
// cell; coupling faults over every ordered pair of cells on the 2-row macro, and over pairs drawn
// from the test's seed (within a word and between words) on a larger one.
//
// Soft errors: bits of the stored weights flipped at a bit-error rate, and the golden model with
// the same flips (cim/bit_flips.h) predicting every read and every response exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "cim/bit_flips.h"
#include "faults.h"
#include "march.h"
#include "testbench.h"

namespace cim::test {
namespace {

// Why a storage-access build found no array: the configure checked that STORAGE exists, so the
// module it made public was not the one declaring it.
std::string storage_not_public(const std::string& backend) {
  const Dut& d = *find_backend(backend).dut();
  return std::string(backend) + "'s STORAGE (" + d.storage_scope + (*d.storage_scope ? "." : "") +
         d.storage_var +
         ") is not public in this build: is STORAGE_MODULE the module that "
         "declares " +
         d.storage_var + "?";
}

class MarchC : public ::testing::TestWithParam<BackendCase> {};

struct Tally {
  int injected = 0, detected = 0;
  std::string escaped;  // the first fault not detected
};

TEST_P(MarchC, FindsEverySingleFaultByClass) {
  const Params p = GetParam().setup.params;
  ModelOptions opt;
  opt.variant = ModelVariant::kStorageAccess;
  std::unique_ptr<Macro> model = find_backend(GetParam().backend).make(GetParam().setup, opt);
  auto* has = dynamic_cast<HasStorage*>(model.get());
  ASSERT_NE(has, nullptr);
  const std::optional<StorageBits> storage = has->storage();
  ASSERT_TRUE(storage.has_value()) << storage_not_public(GetParam().backend);
  const int cells = p.rows * p.cols * p.wbits;
  ASSERT_EQ(storage->size(), cells);

  {
    Driver drv(*model);
    drv.reset();
    const MarchResult clean = march_c_minus(drv);
    ASSERT_FALSE(clean.detected) << "the fault-free array failed: " << clean.first_failure;
    EXPECT_GT(clean.reads, 0);
  }

  {
    // The injection itself: a cell stuck at 1 in the last row reads back as exactly that bit.
    const int bit = cells - 1 - (cells / 3) % (p.cols * p.wbits), row = bit / (p.cols * p.wbits);
    FaultyMacro faulty(*model, *storage, StorageFault{FaultClass::kStuckAt, bit, true});
    Driver drv(faulty);
    drv.reset();
    drv.write_row(row, std::vector<std::uint32_t>(std::size_t(p.cols), 0));
    std::vector<std::uint32_t> want(std::size_t(p.cols), 0);
    const int in_row = bit % (p.cols * p.wbits);
    want[std::size_t(in_row / p.wbits)] = 1u << (in_row % p.wbits);
    ASSERT_EQ(drv.read_row(row), want) << "stuck-at-1 at bit " << bit;
  }

  const std::uint64_t seed = test_seed();
  std::mt19937_64 rng(seed);
  // Every fault of a class when there are at most kAll of them, else kDrawn drawn from the seed.
  constexpr std::size_t kAll = 4000, kDrawn = 500;
  std::map<FaultClass, Tally> tally;
  for (FaultClass c : {FaultClass::kStuckAt, FaultClass::kTransition,
                       FaultClass::kCouplingInversion, FaultClass::kCouplingIdempotent}) {
    std::vector<StorageFault> faults = all_faults(c, cells);
    if (faults.size() > kAll) {
      std::shuffle(faults.begin(), faults.end(), rng);
      faults.resize(kDrawn);
    }
    for (const StorageFault& f : faults) {
      FaultyMacro faulty(*model, *storage, f);
      Driver drv(faulty);
      drv.reset();
      const MarchResult r = march_c_minus(drv);
      Tally& t = tally[c];
      ++t.injected;
      if (r.detected) {
        ++t.detected;
      } else if (t.escaped.empty()) {
        t.escaped = f.describe();
      }
    }
  }
  for (const auto& [c, t] : tally) {
    std::cout << "[ faults   ] " << p.name() << " " << fault_class_name(c) << ": " << t.detected
              << " of " << t.injected << " detected\n";
    EXPECT_EQ(t.detected, t.injected) << fault_class_name(c) << " escaped: " << t.escaped;
    RecordProperty(std::string(fault_class_name(c)),
                   std::to_string(t.detected) + "/" + std::to_string(t.injected));
  }
}

class BitFlips : public ::testing::TestWithParam<BackendCase> {};

TEST_P(BitFlips, TheGoldenModelWithTheSameFlipsPredictsEveryOutput) {
  const Params p = GetParam().setup.params;
  ModelOptions opt;
  opt.variant = ModelVariant::kStorageAccess;
  std::unique_ptr<Macro> model = find_backend(GetParam().backend).make(GetParam().setup, opt);
  std::optional<StorageBits> storage = dynamic_cast<HasStorage&>(*model).storage();
  ASSERT_TRUE(storage.has_value()) << storage_not_public(GetParam().backend);
  const std::uint64_t seed = test_seed();
  std::mt19937_64 rng(seed);
  RandomStimulus stimulus(p, rng);
  constexpr int kRequests = 200;
  for (const double ber : {1e-3, 1e-2, 1e-1, 0.5}) {
    Driver drv(*model);
    drv.reset();
    const WeightMatrix written = stimulus.weights();
    drv.load(written);
    drv.step();  // the last row written lands within the next cycle (SCM=1: its second half)
    const std::vector<BitFlip> flips = draw_bit_flips(p.rows, p.cols, p.wbits, ber, rng());
    for (const BitFlip& f : flips) {  // StorageBits' layout: (row, channel, bit)
      const int bit = (f.row * p.cols + f.col) * p.wbits + f.bit;
      storage->set(bit, !storage->get(bit));
    }
    WeightMatrix flipped = written;
    apply_bit_flips(flips, flipped);
    for (int r = 0; r < p.rows; ++r) {
      ASSERT_EQ(drv.read_row(r),
                std::vector<std::uint32_t>(flipped.row(r), flipped.row(r) + p.cols))
          << "row " << r << " at bit-error rate " << ber;
    }
    int changed = 0;
    for (int i = 0; i < kRequests; ++i) {
      const Request req = stimulus.request(stimulus.precision());
      const Response rsp = drv.mvm(req);
      ASSERT_EQ(rsp, reference(p, flipped, req)) << "request " << i << " at bit-error rate " << ber;
      changed += rsp != reference(p, written, req);
    }
    std::cout << "[ flips    ] " << p.name() << " bit-error rate " << ber << ": " << flips.size()
              << " of " << p.rows * p.cols * p.wbits << " bits flipped, " << changed << " of "
              << kRequests << " responses changed, every one predicted\n";
    // A flip that changed nothing would show the injection missing the array.
    if (!flips.empty()) EXPECT_GT(changed, 0) << "bit-error rate " << ber;
  }
}

// The sets built with the array public (`storage` in flow/configs.txt's uses): the kit's 2-row
// macro (every coupling pair) and the one with non-power-of-two rows and 5-bit weights; then every
// other DUT with a storage build (acme_cim's, examples/).
std::vector<BackendCase> storage_cases(bool kit) {
  std::vector<BackendCase> v;
  for (const Backend& b : backends()) {
    if (!b.verilated() || !b.kind().stores_bits() || is_kit_dut(b) != kit) continue;
    for (const MacroSetup& s : dut_configs(b, ModelVariant::kStorageAccess))
      v.push_back({b.name(), s});
  }
  return v;
}

INSTANTIATE_TEST_SUITE_P(Storage, BitFlips, ::testing::ValuesIn(storage_cases(true)), setup_name);
INSTANTIATE_TEST_SUITE_P(Storage, MarchC, ::testing::ValuesIn(storage_cases(true)), setup_name);
INSTANTIATE_TEST_SUITE_P(StorageEveryDut, BitFlips, ::testing::ValuesIn(storage_cases(false)),
                         backend_case_name);
INSTANTIATE_TEST_SUITE_P(StorageEveryDut, MarchC, ::testing::ValuesIn(storage_cases(false)),
                         backend_case_name);
CIM_EMPTY_WITHOUT_KIT_MODELS(BitFlips);
CIM_EMPTY_WITHOUT_KIT_MODELS(MarchC);

// A digital DUT without a storage hook gets no fault injection, and the test report says so.
class NoStorageHook : public ::testing::TestWithParam<std::string> {};

TEST_P(NoStorageHook, FaultTestsSkipped) {
  const Backend& b = find_backend(GetParam());
  ASSERT_FALSE(b.dut()->has_storage());
  GTEST_SKIP() << b.name() << " names no storage array (STORAGE=INSTANCE.VARIABLE, "
               << "docs/your-macro.md): no fault injection, March C- or bit flips on it";
}

std::vector<std::string> duts_without_storage() {
  std::vector<std::string> v;
  for (const Backend& b : backends()) {
    if (b.verilated() && b.kind().stores_bits() && !b.dut()->has_storage()) v.push_back(b.name());
  }
  return v;
}

INSTANTIATE_TEST_SUITE_P(Storage, NoStorageHook, ::testing::ValuesIn(duts_without_storage()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });
CIM_EMPTY_WITHOUT_KIT_MODELS(NoStorageHook);

}  // namespace
}  // namespace cim::test
