// cimsim: runs a batch of random MVMs through a CIM macro backend, in lockstep with the golden
// cycle model and under the mvm() scoreboard, and reports what it saw.
//
// Exit status: 0 all checked and matching, 1 a mismatch or simulation error, 2 bad options.
#include <boost/program_options.hpp>

#include <chrono>
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
};

std::optional<Job> parse(int argc, char** argv) {
  po::options_description opts("cimsim: random MVMs through a CIM macro, checked cycle by cycle "
                               "against the golden model\n\nOptions");
  // clang-format off
  opts.add_options()
    ("help,h", "show this help")
    ("backend", po::value<std::string>()->default_value("digital"),
     "golden (the C++ cycle model) or digital (the Verilated cim_macro)")
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
  // clang-format on

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
  if (job.backend != "golden" && job.backend != "digital") {
    throw UsageError("option --backend: '" + job.backend + "' is not one of golden, digital");
  }
  job.params = parse_macro(vm["macro"].as<std::string>());
  if (job.backend == "digital") {
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
    if (job.backend == "golden") {
      throw UsageError("option --trace: the golden backend has no signals to trace (use --backend digital)");
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
  return job.backend + " macro " + std::to_string(job.params.rows) + "x" +
         std::to_string(job.params.cols) + " (WBITS " + std::to_string(job.params.wbits) +
         ", ABITS " + std::to_string(job.params.abits) +
         (job.params.abits_per_cycle == 1
              ? ""
              : ", " + std::to_string(job.params.abits_per_cycle) + " activation bits per cycle") +
         "), " + prec + ", seed " +
         std::to_string(job.seed);
}

int run(const Job& job) {
  ModelOptions opt;
  opt.trace_path = job.trace;
  const std::string context = "seed " + std::to_string(job.seed);
  Lockstep checked(make_backend(job.backend, job.params, opt), context);
  Scoreboard sb(job.params, context);
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
  const std::uint64_t mvms = sb.responses_checked();
  const double macs = double(mvms) * job.params.rows * job.params.cols;

  if (!failure.empty()) std::cout << "MISMATCH: " << failure << "\n";
  std::cout << "summary:\n"
            << "  MVMs checked       " << mvms << "\n"
            << "  cycles             " << cycles << " (after loading weights)\n"
            << "  mismatches         " << mismatches << (mismatches ? " (run stopped at the first)" : "") << "\n"
            << "  MACs per cycle     " << (cycles ? macs / double(cycles) : 0.0) << "\n"
            << "  simulated MVM/s    " << (secs > 0 ? double(mvms) / secs : 0.0) << "\n"
            << "  simulated cycles/s " << (secs > 0 ? double(cycles) / secs : 0.0) << "\n";
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
