// SPDX-License-Identifier: Apache-2.0
#include "cmd_sweep.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>

#include "cim/array_file.h"
#include "cim/network_run.h"
#include "net_options.h"
#include "progress.h"
#include "reports.h"

namespace cim {
namespace {

// What --vary names: an analog setting, a parameter of the analog macro, or a precision.
// weight_ber flips each stored weight bit with that probability (soft errors in the bitcells,
// cim/bit_flips.h), drawn anew for each seed, on any backend.
enum class Knob { kSetting, kCellBits, kAdcBits, kAdcShare, kAbits, kWbits, kWeightBer };

struct SweepJob {
  NetOptions net;
  std::string vary, out = "sweep.csv", plot, json, shard;
  std::vector<std::string> merge;
  int seeds = 5;
  bool no_check = false, no_progress = false, resume = false;
  int shard_index = 0, shard_count = 1;

  // Resolved:
  std::string name;  // the setting's name, '_' form
  Knob knob = Knob::kSetting;
  const SettingInfo* setting = nullptr;
  std::vector<double> values;
};

std::string knob_names() {
  std::string s = "cell_bits, adc_bits, adc_share, abits, wbits, weight_ber";
  for (const SettingInfo& i : analog_settings()) {
    if (i.number) s += ", " + std::string(i.name);
  }
  return s;
}

void resolve_vary(SweepJob& job) {
  static const std::regex form(R"(([a-z_-]+)=(-?[0-9.eE+-]+):(-?[0-9.eE+-]+)(?::([0-9.eE+-]+))?)");
  std::smatch m;
  if (!std::regex_match(job.vary, m, form)) {
    throw CLI::ValidationError("--vary", "'" + job.vary + "' is not NAME=FROM:TO[:STEP]");
  }
  job.name = m[1];
  for (char& c : job.name) c = c == '-' ? '_' : c;
  const std::map<std::string, Knob> params = {{"cell_bits", Knob::kCellBits},
                                              {"adc_bits", Knob::kAdcBits},
                                              {"adc_share", Knob::kAdcShare},
                                              {"abits", Knob::kAbits},
                                              {"wbits", Knob::kWbits}};
  double lo = 0, hi = 0;
  bool whole = true;
  if (job.name == "weight_ber") {
    job.knob = Knob::kWeightBer;
    lo = 0.0;
    hi = 1.0;
    whole = false;
  } else if (const auto it = params.find(job.name); it != params.end()) {
    job.knob = it->second;
    const ParamInfo& r = job.knob == Knob::kCellBits   ? limits::kCellBits
                         : job.knob == Knob::kAdcBits  ? limits::kAdcBits
                         : job.knob == Knob::kAdcShare ? limits::kAdcShare
                         : job.knob == Knob::kAbits    ? limits::kAbits
                                                       : limits::kWbits;
    lo = r.lo;
    hi = r.hi;
  } else {
    for (const SettingInfo& i : analog_settings()) {
      if (i.number && job.name == i.name) job.setting = &i;
    }
    if (!job.setting) {
      throw CLI::ValidationError(
          "--vary", "'" + job.name + "' is not a setting to vary (" + knob_names() + ")");
    }
    lo = job.setting->lo;
    hi = job.setting->hi;
    whole = false;
  }
  const auto number = [&](const std::string& t) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (*end || !std::isfinite(v))
      throw CLI::ValidationError("--vary", "'" + t + "' is not a number");
    return v;
  };
  const double from = number(m[2]), to = number(m[3]);
  const double step = m[4].matched ? number(m[4]) : (whole ? 1.0 : (to - from) / 9.0);
  if (!(to >= from)) throw CLI::ValidationError("--vary", "TO is below FROM");
  if (to > from && !(step > 0)) throw CLI::ValidationError("--vary", "STEP must be above 0");
  for (double v = from; v <= to + 1e-9 * std::max(1.0, std::fabs(to));
       v += (to > from ? step : 1.0)) {
    if (whole && v != std::floor(v))
      throw CLI::ValidationError("--vary", job.name + " takes whole numbers");
    const bool in = job.setting ? job.setting->in_range(v) : (v >= lo && v <= hi);
    const std::string range = job.setting ? job.setting->range_text()
                              : whole     ? std::to_string(int(lo)) + ".." + std::to_string(int(hi))
                                          : "0..1";
    if (!in) {
      std::ostringstream s;
      s << job.name << " = " << v << " is out of range (" << range << ")";
      throw CLI::ValidationError("--vary", s.str());
    }
    job.values.push_back(v);
    if (job.values.size() > 1000) throw CLI::ValidationError("--vary", "more than 1000 points");
    if (to == from) break;
  }
  bool analog = false;
  for (const std::string& b : job.net.placement.layer_backend)
    analog = analog || find_backend(b).kind().has_adc();
  if ((job.setting || job.knob == Knob::kCellBits || job.knob == Knob::kAdcBits ||
       job.knob == Knob::kAdcShare) &&
      !analog) {
    throw CLI::ValidationError(
        "--vary", job.name + " is an analog setting: place a layer on an analog backend");
  }
}

// One point's placement: the setting applied, each layer on its backend if this build has the
// parameter set, else on the backend's golden model. Throws CLI::ValidationError naming --vary
// when the point is not a valid macro.
NetPlacement point_placement(const SweepJob& job, double v, std::uint64_t seed, int& abits,
                             int& wbits) {
  NetPlacement p = job.net.placement;
  p.seed = seed;
  p.check = !job.no_check;
  abits = job.knob == Knob::kAbits ? int(v) : job.net.abits;
  wbits = job.knob == Knob::kWbits ? int(v) : job.net.wbits;
  std::map<std::string, MacroSetup> setups;
  for (std::string& name : p.layer_backend) {
    MacroSetup s = job.net.placement.setups.at(name);
    s.analog.settings.seed = seed;
    if (job.setting) s.analog.settings.*(job.setting->number) = v;
    if (job.knob == Knob::kCellBits) s.analog.params.cell_bits = int(v);
    if (job.knob == Knob::kAdcBits) s.analog.params.adc_bits = int(v);
    if (job.knob == Knob::kAdcShare) s.analog.params.adc_share = int(v);
    const Backend* b = &find_backend(name);
    try {
      b->validate(s);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--vary", job.name + " = " + std::to_string(v) + ": " + e.what());
    }
    if (!b->available(s)) b = &golden_twin(*b);
    if (!b->supports(s, Precision{abits, wbits, true, true})) {
      throw CLI::ValidationError("--vary", job.name + " = " + std::to_string(v) + ": the " +
                                               b->name() + " macro does not compute " +
                                               std::to_string(wbits) + "-bit weights");
    }
    if (abits > s.params.abits || wbits > s.params.wbits) {
      throw CLI::ValidationError(
          "--vary", job.name + " = " + std::to_string(v) + " is above the macro's ABITS/WBITS");
    }
    setups[b->name()] = s;
    name = b->name();
  }
  p.setups = setups;
  return p;
}

struct MeanStd {
  double mean = 0, std = 0;
};
// The mean and the sample standard deviation (0 for one value).
MeanStd mean_std(const std::vector<double>& v) {
  MeanStd r;
  for (double a : v) r.mean += a / double(v.size());
  if (v.size() > 1) {
    for (double a : v) r.std += (a - r.mean) * (a - r.mean) / double(v.size() - 1);
    r.std = std::sqrt(r.std);
  }
  return r;
}

// Runs a program with its arguments (no shell); true when it exits 0.
bool run_program(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return false;
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Point {
  double value;
  std::string model, backends;
  std::vector<double> accuracy;  // per seed
};

// The energy columns: per inference, pJ (the analog parts modelled; measured: --synth-report's
// price of the cycles, empty when not priced).
constexpr const char* kCsvHeader =
    "vary,value,model,seed,backends,accuracy,float_accuracy,quantized_golden_accuracy,mvm_per_s,"
    "array_pj,dac_pj,adc_pj,measured_pj,energy_pj\n";
constexpr std::size_t kCsvFields = 14;

// A run's key in the CSV: its value (as printed), model and seed.
std::string run_key(const std::string& value, const std::string& model, const std::string& seed) {
  return value + "," + model + "," + seed;
}

// The runs a CSV of this sweep already holds (--resume: its own --out; --merge: the shards'),
// by key: the whole line. Refuses a file of another sweep or a line that is not a run.
void read_done_runs(const std::string& path, const std::string& vary,
                    std::map<std::string, std::string>& done) {
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (n == 1) {
      if (line + "\n" != kCsvHeader)
        throw InputError(path + ":1: not a cimsim sweep CSV (its header differs)");
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields(1);  // the fields, empty ones kept
    for (char c : line) {
      if (c == ',') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    if (fields.size() != kCsvFields) {
      throw InputError(path + ":" + std::to_string(n) + ": not a run (" +
                       std::to_string(kCsvFields) + " fields)");
    }
    if (fields[0] != vary) {
      throw InputError(path + ":" + std::to_string(n) + ": a run of --vary " + fields[0] +
                       ", not " + vary);
    }
    char* end = nullptr;
    const double acc = std::strtod(fields[5].c_str(), &end);
    if (*end || !(acc >= 0 && acc <= 100))
      throw InputError(path + ":" + std::to_string(n) + ": accuracy '" + fields[5] +
                       "' is not a percentage");
    done[run_key(fields[1], fields[2], fields[3])] = line + "\n";
  }
}

std::string value_text(double v) {
  std::ostringstream t;
  t << v;
  return t.str();
}

// What a sweep runs: every point's placement per seed (built, and so checked, before the first
// run), each point's precision, the runs done already (--resume, --merge) and how many of the
// rest are this shard's.
struct SweepPlan {
  std::vector<std::vector<NetPlacement>> placements;
  std::vector<std::pair<int, int>> precisions;
  std::map<std::string, std::string> done_runs;
  std::size_t to_run = 0;

  SweepPlan(const SweepJob& job, const std::string& command_line) {
    for (double v : job.values) {
      placements.emplace_back();
      for (int s = 1; s <= job.seeds; ++s) {
        int a = 0, w = 0;
        placements.back().push_back(point_placement(job, v, std::uint64_t(s), a, w));
        placements.back().back().reproduce = command_line;
        if (s == 1) precisions.emplace_back(a, w);
      }
    }
    if (job.resume && std::filesystem::exists(job.out)) {
      read_done_runs(job.out, job.name, done_runs);
    }
    for (const std::string& m : job.merge) read_done_runs(m, job.name, done_runs);
    std::size_t index = 0;
    for (double v : job.values) {
      for (const std::string& m : job.net.models) {
        for (int s = 1; s <= job.seeds; ++s, ++index) {
          to_run += mine(job, index) && !done_runs.count(run_key(
                                            value_text(v), std::filesystem::path(m).stem().string(),
                                            std::to_string(s)));
        }
      }
    }
  }
  // Whether run `index` (in the sweep's order) is this shard's.
  static bool mine(const SweepJob& job, std::size_t index) {
    return int(index % std::size_t(job.shard_count)) == job.shard_index;
  }
};

void print_head(const SweepJob& job, const SweepPlan& plan) {
  const NetOptions& o = job.net;
  const std::size_t runs = job.values.size() * o.nets.size() * std::size_t(job.seeds);
  std::cout << "cimsim sweep: " << job.name << " over " << job.values.size() << " points x "
            << o.nets.size() << " model(s) x " << job.seeds << " device seeds = " << runs
            << " runs of " << o.eval.size() << " examples (" << o.split << " split), "
            << (job.no_check ? "unchecked (--no-check)" : "each checked against its golden model");
  if (!plan.done_runs.empty()) std::cout << "; " << plan.done_runs.size() << " done already";
  if (job.shard_count > 1) {
    std::cout << "; shard " << job.shard << " runs " << plan.to_run << " of them";
  }
  std::cout << "\n";
}

// One run's CSV line (kCsvHeader's columns).
std::string csv_line(const SweepJob& job, double value, const Point& pt, int seed, const NetRun& r,
                     const NetPlacement& calibrated, double acc) {
  const NetOptions& o = job.net;
  std::ostringstream line;
  line << job.name << "," << value << "," << pt.model << "," << seed << "," << pt.backends << ","
       << acc << "," << accuracy_percent(r.float_predictions, o.eval.labels) << ","
       << accuracy_percent(r.golden.predictions, o.eval.labels) << ","
       << (r.seconds > 0 ? double(r.total().requests) / r.seconds : 0.0);
  PricedEnergy energy;
  for (std::size_t l = 0; l < calibrated.layer_backend.size(); ++l)
    energy += price_layer(r, calibrated, l, o.pricer, int(o.eval.size()));
  line << "," << energy.array << "," << energy.dac << "," << energy.adc << ","
       << (energy.priced ? std::to_string(energy.measured) : "") << ","
       << (energy.priced ? std::to_string(energy.total()) : "") << "\n";
  return line.str();
}

// The sweep's runs: the CSV (written after every run, so an interrupted sweep keeps what it
// finished and --resume goes on), the points' accuracies, the MVMs simulated and their time.
struct SweepRuns {
  std::vector<Point> points;
  std::string csv = kCsvHeader;
  double seconds = 0;
  std::uint64_t requests = 0;
  std::string mismatch;  // empty: none
};

// Runs the seeds of point `i` on model `mi` (those done already taken from the plan).
void run_point(const SweepJob& job, const SweepPlan& plan, std::size_t i, std::size_t mi,
               std::size_t& index, ProgressBar& bar, std::size_t& done, SweepRuns& runs) {
  const NetOptions& o = job.net;
  std::optional<QuantizedNetwork> q;
  Point pt{job.values[i], std::filesystem::path(o.models[mi]).stem().string(), "", {}};
  for (int s = 1; s <= job.seeds; ++s, ++index) {
    const NetPlacement& place = plan.placements[i][std::size_t(s - 1)];
    const auto have =
        plan.done_runs.find(run_key(value_text(job.values[i]), pt.model, std::to_string(s)));
    if (have != plan.done_runs.end()) {
      runs.csv += have->second;
      std::stringstream cells(have->second);
      std::vector<std::string> f;
      for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
      pt.backends = f[4];
      pt.accuracy.push_back(std::strtod(f[5].c_str(), nullptr));
      continue;
    }
    if (!SweepPlan::mine(job, index)) continue;
    if (!q) {
      q = quantize(o.nets[mi], o.calibration.inputs, plan.precisions[i].first,
                   plan.precisions[i].second);
    }
    const QuantizedNetwork& net = job.knob == Knob::kWeightBer
                                      ? with_weight_bit_flips(*q, job.values[i], std::uint64_t(s))
                                      : *q;
    NetPlacement calibrated = place;
    calibrate_adc(net, o.calibration.inputs, o.adc_calibration, calibrated);
    const NetRun r = run_net(net, o.eval, calibrated);
    if (!r.mismatch.empty()) {
      runs.mismatch = "MISMATCH at " + job.name + " = " + value_text(job.values[i]) + ", seed " +
                      std::to_string(s) + ": " + r.mismatch;
      return;
    }
    pt.backends.clear();
    for (std::size_t l = 0; l < place.layer_backend.size(); ++l) {
      pt.backends += (l ? "+" : "") + place.layer_backend[l];
    }
    const double acc = accuracy_percent(r.macro.predictions, o.eval.labels);
    pt.accuracy.push_back(acc);
    runs.seconds += r.seconds;
    runs.requests += r.total().requests;
    runs.csv += csv_line(job, job.values[i], pt, s, r, calibrated, acc);
    write_file_atomically(job.out, runs.csv);
    bar.update(++done);
  }
  if (!pt.accuracy.empty()) runs.points.push_back(pt);
}

// The plot's data (per model a block of value, mean, standard deviation) beside --out, and the
// plot drawn by sim/sweep.gp; whether gnuplot drew it.
bool plot(const SweepJob& job, const std::vector<Point>& points, const std::string& dat_path,
          const std::string& png) {
  const NetOptions& o = job.net;
  std::string dat;
  for (std::size_t mi = 0; mi < o.nets.size(); ++mi) {
    dat += "\"" + std::filesystem::path(o.models[mi]).stem().string() + "\"\n";
    for (const Point& pt : points) {
      if (pt.model != std::filesystem::path(o.models[mi]).stem().string()) continue;
      const MeanStd a = mean_std(pt.accuracy);
      std::ostringstream l;
      l << pt.value << " " << a.mean << " " << a.std << "\n";
      dat += l.str();
    }
    dat += "\n\n";
  }
  write_file_atomically(dat_path, dat);
  const std::string title = job.name + " (" + std::to_string(o.eval.size()) + " examples, " +
                            std::to_string(job.seeds) +
                            " device seeds, mean and standard deviation)";
  // sim/sweep.gp, a static script fed through gnuplot's -e (its strings in single quotes, so
  // quotes inside the paths are doubled as gnuplot wants).
  const auto quoted = [](const std::string& t) {
    std::string q = "'";
    for (char c : t) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
  };
  return run_program({"gnuplot", "-e",
                      "dat=" + quoted(dat_path) + "; png=" + quoted(png) +
                          "; xlabel=" + quoted(job.name) + "; plot_title=" + quoted(title) +
                          "; models=" + std::to_string(o.nets.size()),
                      CIM_SWEEP_GP});
}

// The accuracy table's lines: a row a value, a column a model (mean ± standard deviation).
std::vector<std::string> accuracy_table(const SweepJob& job, const std::vector<Point>& points) {
  std::ostringstream head;
  head << "  " << std::left << std::setw(12) << job.name;
  for (const std::string& m : job.net.models) {
    head << std::setw(20) << std::filesystem::path(m).stem().string();
  }
  std::vector<std::string> lines{head.str() + "backends"};
  for (double value : job.values) {
    std::ostringstream row;
    row << "  " << std::left << std::setw(12) << value_text(value);
    std::string backends;
    for (const Point& pt : points) {
      if (pt.value != value) continue;
      const MeanStd a = mean_std(pt.accuracy);
      std::ostringstream c;
      c << std::fixed << std::setprecision(2) << a.mean << " ± " << a.std;
      row << std::setw(21) << c.str();
      backends = pt.backends;
    }
    lines.push_back(row.str() + backends);
  }
  return lines;
}

// The run's summary (summary.h): printed, and --json's record.
Summary sweep_summary(const SweepJob& job, const SweepRuns& runs, bool plotted,
                      const std::string& png, const std::string& dat_path) {
  std::vector<Summary> points;
  for (const Point& pt : runs.points) {
    const MeanStd a = mean_std(pt.accuracy);
    points.push_back(Summary::of_json({{"value", pt.value},
                                       {"model", pt.model},
                                       {"backends", pt.backends},
                                       {"accuracy", pt.accuracy},
                                       {"mean", a.mean},
                                       {"std", a.std}}));
  }
  const double mvm_per_s = runs.seconds > 0 ? double(runs.requests) / runs.seconds : 0.0;
  Summary s;
  s.add("schema", "opencim.cimsim.sweep/1")
      .add("vary", job.name)
      .add("values", job.values)
      .add("models", job.net.models)
      .add("seeds", job.seeds)
      .add("examples", job.net.eval.size())
      .add("split", job.net.split)
      .line("summary (accuracy %, mean ± standard deviation over " + std::to_string(job.seeds) +
            " seeds):")
      .add("points", points);
  for (const std::string& l : accuracy_table(job, runs.points)) s.line(l);
  s.add("runs_csv", job.out, "runs", job.out + " (every run), " + dat_path)
      .add("plot", plotted ? nlohmann::json(png) : nlohmann::json(nullptr), "plot",
           plotted ? png : "not drawn (gnuplot failed)")
      .add("checked", !job.no_check)
      .add("simulated_mvm_per_s", mvm_per_s, "simulated MVM/s",
           significant_text(mvm_per_s) + (job.no_check ? " (unchecked)" : " (checked)"));
  return s;
}

int run(SweepJob& job, const std::string& command_line) {
  const SweepPlan plan(job, command_line);
  print_head(job, plan);
  SweepRuns runs;
  {
    ProgressBar bar(plan.to_run, !job.no_progress);
    std::size_t done = 0, index = 0;
    for (std::size_t i = 0; i < job.values.size() && runs.mismatch.empty(); ++i) {
      for (std::size_t mi = 0; mi < job.net.nets.size() && runs.mismatch.empty(); ++mi) {
        run_point(job, plan, i, mi, index, bar, done, runs);
      }
    }
    bar.finish();
  }
  if (!runs.mismatch.empty()) {
    std::cout << runs.mismatch << "\n";
    return 1;
  }
  write_file_atomically(job.out, runs.csv);
  const std::string png = job.plot.empty()
                              ? std::filesystem::path(job.out).replace_extension(".png").string()
                              : job.plot;
  const std::string dat_path = std::filesystem::path(job.out).replace_extension(".dat").string();
  const bool plotted = plot(job, runs.points, dat_path, png);
  const Summary summary = sweep_summary(job, runs, plotted, png, dat_path);
  summary.print(std::cout);
  if (!job.json.empty()) cli::write_json(job.json, summary.json());
  return plotted ? 0 : 1;
}

}  // namespace

std::function<int()> add_sweep_command(CLI::App* cmd, const std::string& command_line) {
  auto job = std::make_shared<SweepJob>();
  job->net.add_to(*cmd, true);
  cmd->add_option("--vary", job->vary,
                  "NAME=FROM:TO[:STEP]: an analog setting (" + knob_names() + ")")
      ->required();
  cmd->add_option("--seeds", job->seeds, "device seeds per point (1..N)")
      ->check(cli::whole(1, 1000))
      ->capture_default_str();
  cmd->add_option("--out", job->out, "every run, as CSV")
      ->check(cli::writable_file())
      ->capture_default_str();
  cmd->add_option("--plot", job->plot, "the PNG plot (default: --out with .png)")
      ->check(cli::writable_file());
  cli::add_json_option(*cmd, job->json);
  cmd->add_flag(
      "--no-check", job->no_check,
      "run the backends alone, without the lockstep golden model (faster; reported as unchecked)");
  cmd->add_flag("--no-progress", job->no_progress, "do not draw the progress bar");
  cmd->add_flag("--resume", job->resume,
                "keep the runs --out holds already (it is rewritten after every run, so an "
                "interrupted sweep loses none) and run the rest");
  cmd->add_option("--merge", job->merge,
                  "CSVs of this sweep's shards (--shard): their runs count as done; the rest run, "
                  "and --out, the plot and the summary cover them all")
      ->check(CLI::ExistingFile);
  cmd->add_option("--shard", job->shard,
                  "i/n: run only runs i, i + n, i + 2n, ... of the sweep (0 <= i < n), for a batch "
                  "scheduler; merge the shards' CSVs with --merge")
      ->check([job](const std::string& v) -> std::string {
        static const std::regex form(R"((\d{1,4})/(\d{1,4}))");
        std::smatch m;
        if (!std::regex_match(v, m, form)) return "'" + v + "' is not i/n";
        job->shard_index = std::stoi(m[1]);
        job->shard_count = std::stoi(m[2]);
        if (job->shard_count < 1 || job->shard_index >= job->shard_count)
          return "'" + v + "': want 0 <= i < n";
        return "";
      });
  return [job, &command_line]() {
    for (std::size_t i = 0; i < job->net.models.size(); ++i) {
      for (std::size_t k = 0; k < i; ++k) {
        const std::string a = std::filesystem::path(job->net.models[i]).stem().string();
        if (a == std::filesystem::path(job->net.models[k]).stem().string()) {
          throw CLI::ValidationError(
              "--model", "two models named '" + a + "' (the plot names each by its file)");
        }
      }
    }
    job->net.resolve();
    resolve_vary(*job);
    if (array_format(job->out) != ArrayFormat::kCsv)
      throw CLI::ValidationError("--out", "must be a .csv file");
    for (const std::string& m : job->merge) {
      std::error_code ec;
      if (std::filesystem::equivalent(m, job->out, ec)) {
        throw CLI::ValidationError("--merge",
                                   "'" + m + "' is --out (use --resume to go on with it)");
      }
    }
    return run(*job, command_line);
  };
}

}  // namespace cim
