// cimsim: runs a batch of random MVMs through a CIM macro backend, in lockstep with the golden
// cycle model and under the mvm() scoreboard, and reports what it saw. The analog backends are
// checked bit-exactly against the golden analog model and measured (RMSE, max error, SNR)
// against mvm().
//
// Exit status: 0 all checked and matching, 1 a mismatch or simulation error, 2 bad options.
#include <boost/program_options.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <cstdint>
#include <iostream>
#include <optional>
#include <random>
#include <regex>
#include <string>

#include "activity.h"
#include "driver.h"
#include "lockstep.h"
#include "models.h"
#include "progress.h"
#include "protocol_checker.h"
#include "scoreboard.h"
#include "traffic.h"

namespace po = boost::program_options;

namespace cim {
namespace {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Boost accepts "-1" for unsigned options and wraps it, so every number is read as text here and
// checked against its range, with the option named in the message.
std::uint64_t parse_number(const std::string& option, const std::string& text, std::uint64_t lo,
                           std::uint64_t hi) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  std::uint64_t v = 0;
  if (digits) {
    try {
      v = std::stoull(text);
    } catch (const std::out_of_range&) {
      v = ~0ull;
    }
  }
  if (!digits || v < lo || v > hi) {
    throw UsageError("option --" + option + ": '" + text + "' is not a whole number in " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

// A finite number in [lo, hi].
double parse_real(const std::string& option, const std::string& text, double lo, double hi) {
  std::size_t used = 0;
  double v = std::nan("");
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || !(v >= lo && v <= hi)) {
    char range[64];
    std::snprintf(range, sizeof range, "%g..%g", lo, hi);
    throw UsageError("option --" + option + ": '" + text + "' is not a number in " + range);
  }
  return v;
}

double parse_probability(const std::string& option, const std::string& text) {
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || !(v >= 0.0 && v <= 1.0)) {
    throw UsageError("option --" + option + ": '" + text + "' is not a number in 0..1");
  }
  return v;
}

Params parse_macro(const std::string& text) {
  static const std::regex shape(R"((\d{1,6})x(\d{1,6})x(\d{1,2})x(\d{1,2})(?:x(\d{1,2}))?)");
  std::smatch m;
  if (!std::regex_match(text, m, shape)) {
    throw UsageError("option --macro: '" + text +
                     "' is not ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE] (e.g. 64x16x8x8)");
  }
  const Params p{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4]),
                 m[5].matched ? std::stoi(m[5]) : 1};
  try {
    p.validate();
  } catch (const std::invalid_argument& e) {
    throw UsageError("option --macro: " + std::string(e.what()));
  }
  return p;
}

struct Job {
  std::string backend = "digital";
  Params params;
  std::uint64_t seed = 1;
  std::uint64_t count = 2000;
  std::optional<Precision> prec;  // empty: random precision and signs per request
  double backpressure = 0.0;
  std::string trace;
  std::string activity;
  bool progress = true;
  AnalogSetup analog;
  bool is_analog() const { return backend == "analog" || backend == "analog-golden"; }
};

void parse_analog(const po::variables_map& vm, Job& job) {
  static const char* kOptions[] = {"cell-bits", "adc-bits", "adc-share", "g-max", "g-min",
                                   "v-read", "adc-range", "prog-scale", "read-sigma", "drift-t",
                                   "drift-t0", "drift-nu-mean", "drift-nu-std", "stuck-rate",
                                   "fault-map", "r-wire", "adc-offset-sigma", "adc-gain-sigma"};
  static const char* kSwitches[] = {"prog-noise", "read-noise", "drift", "drift-comp"};
  if (!job.is_analog()) {
    for (const char* o : kOptions) {
      if (vm.count(o)) throw UsageError(std::string("option --") + o + ": only for the analog backends");
    }
    for (const char* o : kSwitches) {
      if (vm[o].as<bool>()) throw UsageError(std::string("option --") + o + ": only for the analog backends");
    }
    return;
  }
  AnalogParams& a = job.analog.params;
  AnalogSettings& s = job.analog.settings;
  auto whole = [&](const char* o, int& v, std::uint64_t lo, std::uint64_t hi) {
    if (vm.count(o)) v = int(parse_number(o, vm[o].as<std::string>(), lo, hi));
  };
  auto real = [&](const char* o, double& v, double lo, double hi) {
    if (vm.count(o)) v = parse_real(o, vm[o].as<std::string>(), lo, hi);
  };
  const double big = 1e12;
  whole("cell-bits", a.cell_bits, 1, 4);
  whole("adc-bits", a.adc_bits, 1, 14);
  whole("adc-share", a.adc_share, 1, 1000000);
  real("g-max", s.g_max_us, 1e-9, big);
  real("g-min", s.g_min_us, 0.0, big);
  real("v-read", s.v_read, 1e-9, big);
  real("adc-range", s.adc_range, 1e-9, 1.0);
  real("prog-scale", s.prog_scale, 0.0, big);
  real("read-sigma", s.read_sigma, 0.0, big);
  real("drift-t", s.drift_t, 1e-9, big);
  real("drift-t0", s.drift_t0, 1e-9, big);
  real("drift-nu-mean", s.drift_nu_mean, 0.0, big);
  real("drift-nu-std", s.drift_nu_std, 0.0, big);
  real("stuck-rate", s.stuck_rate, 0.0, 1.0);
  real("r-wire", s.r_wire, 0.0, big);
  real("adc-offset-sigma", s.adc_offset_sigma, 0.0, big);
  real("adc-gain-sigma", s.adc_gain_sigma, 0.0, big);
  s.prog_noise = vm["prog-noise"].as<bool>();
  s.read_noise = vm["read-noise"].as<bool>();
  s.drift = vm["drift"].as<bool>();
  s.drift_comp = vm["drift-comp"].as<bool>();
  s.seed = job.seed;
  if (s.g_min_us >= s.g_max_us) throw UsageError("option --g-min: must be below --g-max");
  try {
    a.validate(job.params);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("option --macro/--cell-bits/--adc-bits/--adc-share: ") + e.what());
  }
  if (vm.count("fault-map")) s.faults = read_fault_map(vm["fault-map"].as<std::string>(), job.params, a);
  s.validate();
}

std::optional<Job> parse(int argc, char** argv) {
  po::options_description opts("cimsim: random MVMs through a CIM macro, checked cycle by cycle "
                               "against the golden model\n\nOptions");
  // clang-format off
  opts.add_options()
    ("help,h", "show this help")
    ("backend", po::value<std::string>()->default_value("digital"),
     "golden (the C++ cycle model), digital (the Verilated cim_macro), analog-golden (the cycle "
     "model with the analog crossbar) or analog (the Verilated cim_analog_macro)")
    ("macro", po::value<std::string>()->default_value("64x16x8x8"),
     "macro parameters ROWSxCOLSxWBITSxABITS[xABITS_PER_CYCLE]; the digital backend has the "
     "compiled ones")
    ("seed", po::value<std::string>()->default_value("1"), "random seed (0..2^64-1)")
    ("count", po::value<std::string>()->default_value("2000"), "MVMs to run (1..100000000)")
    ("abits", po::value<std::string>(), "activation precision 1..ABITS (default ABITS)")
    ("wbits", po::value<std::string>(), "weight precision 1..WBITS (default WBITS)")
    ("asigned", po::bool_switch(), "two's complement activations")
    ("wsigned", po::bool_switch(), "two's complement weights")
    ("random-precision", po::bool_switch(),
     "draw precision and signs at random for every request (excludes --abits/--wbits/--asigned/--wsigned)")
    ("backpressure", po::value<std::string>()->default_value("0"),
     "probability that rsp_ready_i is low in a cycle (0..1)")
    ("trace", po::value<std::string>(), "write an FST waveform of the whole run to this file")
    ("activity", po::value<std::string>(),
     "write the input ports' switching activity during the MVMs to this file, as OpenSTA "
     "set_power_activity commands")
    ("no-progress", po::bool_switch(), "do not draw the progress bar");
  po::options_description analog("Analog backends (docs/analog.md; device draws use --seed)");
  analog.add_options()
    ("cell-bits", po::value<std::string>(), "CELL_BITS, weight bits per device 1..4 (default 2)")
    ("adc-bits", po::value<std::string>(), "ADC_BITS 1..14 (default 8)")
    ("adc-share", po::value<std::string>(), "ADC_SHARE, column pairs per ADC (default 1)")
    ("g-max", po::value<std::string>(), "largest conductance, uS (default 25)")
    ("g-min", po::value<std::string>(), "level-0 conductance, uS (default 0)")
    ("v-read", po::value<std::string>(), "read voltage, V (default 0.2)")
    ("adc-range", po::value<std::string>(), "ADC full scale / largest column sum, (0, 1] (default 1)")
    ("prog-noise", po::bool_switch(), "programming noise (IBM PCM model)")
    ("prog-scale", po::value<std::string>(), "programming noise scale (default 1)")
    ("read-noise", po::bool_switch(), "read noise per conversion")
    ("read-sigma", po::value<std::string>(), "read noise, relative to G (default 0.037)")
    ("drift", po::bool_switch(), "conductance drift G0 (t/t0)^-nu")
    ("drift-t", po::value<std::string>(), "time since programming, s (default 3600)")
    ("drift-t0", po::value<std::string>(), "drift reference time, s (default 20)")
    ("drift-nu-mean", po::value<std::string>(), "mean drift exponent (default 0.05)")
    ("drift-nu-std", po::value<std::string>(), "drift exponent spread (default 0.008)")
    ("drift-comp", po::bool_switch(), "global drift compensation")
    ("stuck-rate", po::value<std::string>(), "fraction of stuck devices 0..1 (default 0)")
    ("fault-map", po::value<std::string>(), "file of stuck devices: 'row col slice +|- min|max' per line")
    ("r-wire", po::value<std::string>(), "bitline wire resistance per cell, ohm (default 0: no IR drop)")
    ("adc-offset-sigma", po::value<std::string>(), "per-ADC offset, LSB (default 0)")
    ("adc-gain-sigma", po::value<std::string>(), "per-ADC relative gain error (default 0)");
  // clang-format on
  opts.add(analog);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return std::nullopt;
  }

  Job job;
  job.backend = vm["backend"].as<std::string>();
  if (job.backend != "golden" && job.backend != "digital" && !job.is_analog()) {
    throw UsageError("option --backend: '" + job.backend +
                     "' is not one of golden, digital, analog-golden, analog");
  }
  job.params = parse_macro(vm["macro"].as<std::string>());
  if (job.is_analog()) {
    job.analog.params.validate(job.params);
  } else if (job.backend == "digital") {
    bool compiled = false;
    std::string list;
    for (const Params& p : digital_configs()) {
      compiled |= p == job.params;
      list += (list.empty() ? "" : ", ") + p.shape();
    }
    if (!compiled) {
      throw UsageError("option --macro: no Verilated model for " + vm["macro"].as<std::string>() +
                       " in this build (compiled: " + list + ")");
    }
  }
  job.seed = parse_number("seed", vm["seed"].as<std::string>(), 0, ~0ull);
  parse_analog(vm, job);
  job.count = parse_number("count", vm["count"].as<std::string>(), 1, 100000000);
  job.backpressure = parse_probability("backpressure", vm["backpressure"].as<std::string>());
  const bool random_prec = vm["random-precision"].as<bool>();
  const bool fixed_given = vm.count("abits") || vm.count("wbits") || vm["asigned"].as<bool>() ||
                           vm["wsigned"].as<bool>();
  if (random_prec && fixed_given) {
    throw UsageError("option --random-precision: cannot be combined with --abits, --wbits, "
                     "--asigned or --wsigned");
  }
  if (!random_prec) {
    Precision prec{job.params.abits, job.params.wbits, vm["asigned"].as<bool>(),
                   vm["wsigned"].as<bool>()};
    if (vm.count("abits")) {
      prec.abits = int(parse_number("abits", vm["abits"].as<std::string>(), 1, job.params.abits));
    }
    if (vm.count("wbits")) {
      prec.wbits = int(parse_number("wbits", vm["wbits"].as<std::string>(), 1, job.params.wbits));
    }
    job.prec = prec;
  }
  if (vm.count("trace")) {
    job.trace = vm["trace"].as<std::string>();
    if (job.trace.empty()) throw UsageError("option --trace: the file name is empty");
    if (job.backend == "golden" || job.backend == "analog-golden") {
      throw UsageError("option --trace: the " + job.backend +
                       " backend has no signals to trace (use a Verilated backend)");
    }
  }
  if (vm.count("activity")) {
    job.activity = vm["activity"].as<std::string>();
    if (job.activity.empty()) throw UsageError("option --activity: the file name is empty");
  }
  job.progress = !vm["no-progress"].as<bool>();
  return job;
}

std::string describe(const Job& job) {
  std::string prec = "random per request";
  if (job.prec) {
    prec = std::to_string(job.prec->abits) + "-bit " + (job.prec->asigned ? "signed" : "unsigned") +
           " activations x " + std::to_string(job.prec->wbits) + "-bit " +
           (job.prec->wsigned ? "signed" : "unsigned") + " weights";
  }
  std::string analog;
  if (job.is_analog()) {
    const AnalogSettings& s = job.analog.settings;
    analog = ", " + std::to_string(job.analog.params.cell_bits) + "-bit cells, " +
             std::to_string(job.analog.params.adc_bits) + "-bit ADC per " +
             std::to_string(job.analog.params.adc_share) + " pair(s), " +
             (s.ideal() ? std::string("ideal devices")
                        : std::string("non-idealities:") + (s.prog_noise ? " programming" : "") +
                              (s.read_noise ? " read" : "") + (s.drift ? " drift" : "") +
                              (s.drift_comp ? "+compensation" : "") +
                              (s.stuck_rate > 0 || !s.faults.empty() ? " stuck" : "") +
                              (s.r_wire > 0 ? " IR-drop" : "") +
                              (s.adc_offset_sigma > 0 || s.adc_gain_sigma > 0 ? " ADC-offset/gain" : ""));
  }
  return job.backend + " macro " + std::to_string(job.params.rows) + "x" +
         std::to_string(job.params.cols) + " (WBITS " + std::to_string(job.params.wbits) +
         ", ABITS " + std::to_string(job.params.abits) +
         (job.params.abits_per_cycle == 1
              ? ""
              : ", " + std::to_string(job.params.abits_per_cycle) + " activation bits per cycle") +
         analog + "), " + prec + ", seed " + std::to_string(job.seed);
}

int run(const Job& job) {
  ModelOptions opt;
  opt.trace_path = job.trace;
  const std::string context = "seed " + std::to_string(job.seed);
  Lockstep checked(make_backend(job.backend, job.params, opt, job.analog),
                   make_golden_for(job.backend, job.params, job.analog), context);
  Scoreboard::Supports supports;
  if (job.is_analog()) {
    supports = [&job](const Precision& prec) {
      return analog_precision_ok(job.params, job.analog.params, prec);
    };
  }
  Scoreboard sb(job.params, context, supports);
  ErrorStats accuracy;
  if (job.is_analog()) sb.measure(&accuracy);
  Monitor mon(sb);
  ProtocolChecker protocol(context);
  Driver drv(checked);
  drv.add_observer([&](std::uint64_t cycle, const Inputs& in, const Outputs& out) {
    protocol.observe(cycle, in, out);
    mon.observe(cycle, in, out);
  });

  std::cout << "cimsim: " << job.count << " MVMs on the " << describe(job) << "\n";
  std::mt19937_64 rng(job.seed);
  drv.reset();
  WeightMatrix w(job.params.rows, job.params.cols);
  for (int r = 0; r < job.params.rows; ++r) {
    for (int c = 0; c < job.params.cols; ++c) {
      w.at(r, c) = std::uint32_t(rng()) & ((1u << job.params.wbits) - 1);
    }
  }
  drv.load(w);

  // Activity covers the MVMs only, with the weights already in place, as in inference.
  ActivityCounter activity(job.params);
  drv.add_observer([&](std::uint64_t, const Inputs& in, const Outputs&) { activity.observe(in); });

  TrafficMix mix;
  mix.p_rsp_ready = 1.0 - job.backpressure;
  mix.prec = job.prec;
  RandomTraffic traffic(drv, rng, mix);
  ProgressBar bar(job.count, job.progress);
  const std::uint64_t start_cycle = checked.cycle();
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t mismatches = 0;
  std::string failure;
  try {
    while (sb.responses_checked() < job.count) {
      traffic.cycle();
      bar.update(sb.responses_checked());
    }
  } catch (const Mismatch& m) {
    ++mismatches;
    failure = m.what();
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t cycles = checked.cycle() - start_cycle;
  const std::uint64_t mvms = sb.responses_checked();  // checked against the golden model
  const double macs = double(mvms) * job.params.rows * job.params.cols;

  if (!failure.empty()) std::cout << "MISMATCH: " << failure << "\n";
  std::cout << "summary:\n"
            << "  MVMs checked       " << mvms << "\n"
            << "  cycles             " << cycles << " (after loading weights)\n"
            << "  mismatches         " << mismatches << (mismatches ? " (run stopped at the first)" : "") << "\n"
            << "  MACs per cycle     " << (cycles ? macs / double(cycles) : 0.0) << "\n"
            << "  simulated MVM/s    " << (secs > 0 ? double(mvms) / secs : 0.0) << "\n"
            << "  simulated cycles/s " << (secs > 0 ? double(cycles) / secs : 0.0) << "\n";
  if (job.is_analog()) {
    std::cout << "  accuracy vs exact integer MVM (" << accuracy.outputs() << " outputs):\n"
              << "    RMSE             " << accuracy.rmse() << "\n"
              << "    max |error|      " << accuracy.max_error() << "\n"
              << "    SNR              " << accuracy.snr_db() << " dB\n";
  }
  if (!job.trace.empty()) std::cout << "  waveform           " << job.trace << "\n";
  if (mismatches) return 1;
  if (!job.activity.empty()) {
    std::ofstream out(job.activity);
    activity.write_sta(out);
    if (!out) throw std::runtime_error("cannot write activity file " + job.activity);
    std::cout << "  activity           " << job.activity << " (" << activity.cycles()
              << " cycles)\n";
  }
  return 0;
}

}  // namespace
}  // namespace cim

int main(int argc, char** argv) {
  try {
    const std::optional<cim::Job> job = cim::parse(argc, argv);
    if (!job) return 0;
    return cim::run(*job);
  } catch (const cim::UsageError& e) {
    std::cerr << "cimsim: " << e.what() << "\n(see cimsim --help)\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "cimsim: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cimsim: error: " << e.what() << "\n";
    return 1;
  }
}
