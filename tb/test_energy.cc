// SPDX-License-Identifier: Apache-2.0
// Energy priced in one place (cim/energy.h): make synth's report read, its energy a cycle pricing
// a run's cycles, the crossbar's modelled parts added.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cim/array_file.h"
#include "cim/energy.h"

namespace cim {
namespace {

// A report.json in the temporary folder, removed with the object.
class ReportFile {
 public:
  explicit ReportFile(const std::string& text)
      : path_(std::filesystem::temp_directory_path() / ("cim_energy_" + std::to_string(getpid()) +
                                                        "_" + std::to_string(count_++) + ".json")) {
    std::ofstream(path_) << text;
  }
  ~ReportFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int count_ = 0;
  std::filesystem::path path_;
};

std::string report(const std::string& macro, double pj_per_mvm) {
  return R"({"config": {"MACRO": ")" + macro + R"(", "ROWS": 8, "COLS": 2},
             "efficiency": {"energy_per_mvm_pj": )" +
         std::to_string(pj_per_mvm) + R"(, "cycles_per_mvm": 4, "tops_per_mm2": 0.25},
             "power": {"at_mhz": 50}})";
}

TEST(EnergyPrice, ReadsTheReportsEnergyPerCycleAndItsMacro) {
  const ReportFile f(report("digital", 10.0));
  const SynthReport r = read_synth_report(f.path());
  EXPECT_EQ(r.macro, MacroKind::kDigital);
  EXPECT_DOUBLE_EQ(r.pj_per_cycle, 2.5);
  EXPECT_DOUBLE_EQ(r.at_mhz, 50.0);
  EXPECT_EQ(r.config, "COLS=2 ROWS=8");
  EXPECT_EQ(r.path, f.path());
  EXPECT_DOUBLE_EQ(r.tops_per_mm2, 0.25);  // the digital report's density is its efficiency's
}

TEST(EnergyPrice, RefusesAReportWithoutEnergyNamingTheFile) {
  const ReportFile zero(report("digital", 0.0));
  const ReportFile junk("{\"config\": {\"MACRO\": \"digital\"}}");
  const ReportFile alien(report("photonic", 10.0));
  for (const ReportFile* f : {&zero, &junk, &alien}) {
    try {
      read_synth_report(f->path());
      ADD_FAILURE() << f->path() << " was read";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(f->path()), std::string::npos) << e.what();
    }
  }
}

TEST(EnergyPrice, PricesCyclesOfTheReportsKindAndAddsTheModelledParts) {
  const ReportFile d(report("digital", 10.0)), a(report("analog", 4.0)), a2(report("analog", 8.0));
  EnergyPricer pricer;
  const AnalogEnergy crossbar{.array_pj = 1, .dac_pj = 2, .adc_pj = 5};
  const PricedEnergy unpriced = pricer.price(MacroKind::kAnalog, 100, crossbar);
  EXPECT_FALSE(unpriced.priced);
  EXPECT_DOUBLE_EQ(unpriced.total(), 8.0);  // the modelled parts alone, a lower bound

  ASSERT_TRUE(pricer.add(read_synth_report(d.path())));
  ASSERT_TRUE(pricer.add(read_synth_report(a.path())));
  EXPECT_FALSE(pricer.add(read_synth_report(a2.path())));  // one report a kind
  EXPECT_DOUBLE_EQ(pricer.report(MacroKind::kAnalog)->pj_per_cycle, 1.0);
  EXPECT_EQ(pricer.report(MacroKind::kAnalog)->tops_per_mm2, 0.0);  // no whole_macro section

  const PricedEnergy e = pricer.price(MacroKind::kAnalog, 100, crossbar);
  EXPECT_TRUE(e.priced);
  EXPECT_DOUBLE_EQ(e.measured, 100.0);
  EXPECT_DOUBLE_EQ(e.modelled(), 8.0);
  EXPECT_DOUBLE_EQ(e.total(), 108.0);
  EXPECT_DOUBLE_EQ(e.adc_share(), 5.0 / 108.0);
  const PricedEnergy per = e.per(4);
  EXPECT_DOUBLE_EQ(per.total(), 27.0);
  EXPECT_DOUBLE_EQ(per.adc, 1.25);

  PricedEnergy sum = pricer.price(MacroKind::kDigital, 10, AnalogEnergy{});
  EXPECT_DOUBLE_EQ(sum.total(), 25.0);
  sum += e;
  EXPECT_DOUBLE_EQ(sum.total(), 133.0);
  EXPECT_TRUE(sum.priced);
  sum += unpriced;
  EXPECT_FALSE(sum.priced);  // one unpriced part leaves the sum unpriced
}

}  // namespace
}  // namespace cim
