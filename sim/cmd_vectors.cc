// SPDX-License-Identifier: Apache-2.0
#include "cmd_vectors.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "analog_plusargs.h"
#include "cim/array_file.h"
#include "cli.h"
#include "environment.h"
#include "traffic.h"

namespace cim {
namespace {

// The vector file (docs/verification.md, "A second simulator"): two header lines, then one line
// per cycle from the reset on: every input port, then every output as the backend answered (in
// lockstep with its golden model, so a vector file is only written when they agree), one hex
// number per port (the whole port, field 0 in the low bits), in the order of
// flow/cim_vector_ports.svh, which is generated from the same port list (ports.h).
struct VectorsJob {
  cli::MacroOptions macro;
  std::uint64_t seed = 1;
  std::uint64_t count = 200;
  std::string out, replay;
  std::string command;
  MacroSetup setup;
};

// A port as one hex number: `fields` values of `bits` bits each, field 0 lowest.
template <class Get>
std::string hex(int fields, int bits, Get get) {
  const int width = fields * bits;
  std::vector<bool> v(std::size_t(width), false);
  for (int f = 0; f < fields; ++f) {
    const std::uint64_t x = get(f);
    for (int b = 0; b < bits; ++b) v[std::size_t(f * bits + b)] = (x >> b) & 1;
  }
  std::string s;
  for (int d = (width + 3) / 4 - 1; d >= 0; --d) {
    int nibble = 0;
    for (int b = 3; b >= 0; --b) {
      const int i = d * 4 + b;
      nibble = nibble * 2 + (i < width && v[std::size_t(i)] ? 1 : 0);
    }
    s += "0123456789abcdef"[nibble];
  }
  return s;
}

std::string vector_line(const Params& p, const Inputs& in, const Outputs& out) {
  std::string line;
#define CIM_HEX(port_name, member, fields, bits, what, is_signed) \
  line += (line.empty() ? "" : " ") +                             \
          hex((fields), (bits), [&](int i) { return std::uint64_t(port::field(src.member, i)); });
  {
    const Inputs& src = in;
    CIM_INPUT_PORTS(CIM_HEX)
  }
  {
    const Outputs& src = out;
    CIM_OUTPUT_PORTS(CIM_HEX)
  }
#undef CIM_HEX
  return line + "\n";
}

#define CIM_COUNT(port_name, member, fields, bits, what, is_signed) +1
constexpr int kPorts = 0 CIM_INPUT_PORTS(CIM_COUNT) CIM_OUTPUT_PORTS(CIM_COUNT);
#undef CIM_COUNT

// The inverse of hex(): the port's fields from its hex number; false when it is not one.
template <class Set>
bool unhex(const std::string& text, int fields, int bits, Set set) {
  const int width = fields * bits;
  if (text.empty() || int(text.size()) > (width + 3) / 4) return false;
  std::vector<bool> v(std::size_t(width), false);
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[text.size() - 1 - k];
    const int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (nibble < 0) return false;
    for (int b = 0; b < 4; ++b) {
      const int i = int(k) * 4 + b;
      if ((nibble >> b) & 1) {
        if (i >= width) return false;
        v[std::size_t(i)] = true;
      }
    }
  }
  for (int f = 0; f < fields; ++f) {
    std::uint64_t x = 0;
    for (int b = bits - 1; b >= 0; --b) x = x * 2 + (v[std::size_t(f * bits + b)] ? 1 : 0);
    set(f, x);
  }
  return true;
}

// The parameter line vectors of this setup carry: every parameter of the macro (the testbench
// writes the same from cim_params.svh's CIM_<M>_PARAM_TEXT).
std::string params_line(const Backend& b, const MacroSetup& s) {
  return "# params " + assignments(b.kind().param_values(s));
}

// --replay: the file's inputs through the backend alone (no golden model beside it), every
// output of every cycle compared with the file's; the speed of the backend on that stimulus.
int replay(const VectorsJob& job) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  std::ifstream in(job.replay);
  if (!in) throw InputError(job.replay + ": cannot open");
  // The whole file is read and checked before the model is built (no partial work on a bad one).
  struct Cycle {
    Inputs in;
    Outputs out;
  };
  std::vector<Cycle> cycles;
  std::string line, params;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string where = job.replay + ":" + std::to_string(n) + ": ";
    if (line.rfind("# params", 0) == 0) params = line;
    if (line.empty() || line[0] == '#') continue;
    if (params != params_line(b, job.setup)) {
      throw InputError(where + "the vectors are for '" + params + "', not this macro ('" +
                       params_line(b, job.setup) + "'): give the same --macro and analog options");
    }
    std::istringstream words(line);
    Cycle c{Inputs(p), Outputs(p)};
    std::string w;
    bool ok = true;
#define CIM_UNHEX(port_name, member, fields, bits, what, is_signed)                             \
  w.clear();                                                                                    \
  ok = ok && (words >> w) && unhex(w, (fields), (bits), [&](int i, std::uint64_t x) {           \
         port::set_field(dst.member, i,                                                         \
                         is_signed ? std::uint64_t(port::sign_extend(x, (bits))) : x);          \
       });                                                                                      \
  if (!ok)                                                                                      \
    throw InputError(where + "port " #port_name ": want " + std::to_string((fields) * (bits)) + \
                     " bits as lowercase hex, got '" + w + "'");
    {
      Inputs& dst = c.in;
      CIM_INPUT_PORTS(CIM_UNHEX)
    }
    {
      Outputs& dst = c.out;
      CIM_OUTPUT_PORTS(CIM_UNHEX)
    }
#undef CIM_UNHEX
    if (words >> w)
      throw InputError(where + "more fields than the " + std::to_string(kPorts) + " ports");
    cycles.push_back(std::move(c));
  }
  if (cycles.empty()) throw InputError(job.replay + ": no vector lines");

  std::unique_ptr<Macro> model = b.make(job.setup);
  Outputs out(p);
  std::uint64_t differ = 0;
  std::string first;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    model->eval(cycles[i].in, out);
    if (!(out == cycles[i].out)) {
      if (differ++ == 0) first = "cycle " + std::to_string(i);
    }
    model->tick();
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "cimsim vectors --replay: " << cycles.size() << " cycles of " << job.replay
            << " on the " << cli::describe(b, job.setup) << ": " << differ << " differing"
            << (differ ? " (the first at " + first + ")" : "") << ", "
            << (secs > 0 ? double(cycles.size()) / secs : 0.0) << " cycles/s\n";
  return differ ? 1 : 0;
}

int run(const VectorsJob& job) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  EnvironmentOptions eo = cli::environment_options(b, job.setup, job.seed, nullptr, job.command);
  Environment env(eo);

  std::string plusargs;
  const std::unique_ptr<Plusargs> args = b.kind().plusargs(job.setup);
  for (const std::string& arg : args->args()) plusargs += " " + arg;
  std::string body;
  std::uint64_t cycles = 0;
  env.drv().add_observer([&](std::uint64_t, const Inputs& in, const Outputs& out) {
    body += vector_line(p, in, out);
    ++cycles;
  });
  // From a reset (the model starts unknown in a 4-state simulator), every row written (bitcells
  // power up unknown: an X in Icarus until written, the contract the X-hygiene tests hold the RTL
  // to), then random traffic: writes, reads and requests raised at random and held until taken,
  // random precisions with some out of range, rows past ROWS written and read (when the row port
  // can carry them: they must drop the write and read as zero), and rsp_ready_i low a third of
  // the time.
  env.drv().reset();
  env.load_random_weights();
  TrafficMix mix;
  mix.p_write = 0.1;
  mix.p_read = 0.1;
  mix.p_request = 0.7;
  mix.p_rsp_ready = 0.67;
  mix.p_bad_precision = 0.05;
  mix.full_wbits = b.kind().full_wbits_only(job.setup);
  mix.include_missing_rows = true;
  RandomTraffic traffic(env.drv(), env.rng(), mix);
  std::uint64_t idle = 0, last = 0;
  while (env.scoreboard().responses_checked() < job.count) {
    traffic.cycle();
    const std::uint64_t done = env.scoreboard().responses_checked();
    idle = done == last ? idle + 1 : 0;
    last = done;
    if (idle == Driver::kTimeoutCycles) {
      throw std::runtime_error("no response accepted in " + std::to_string(idle) + " cycles");
    }
  }
  std::ostringstream head;
  head << "# cimsim vectors: " << cli::describe(b, job.setup) << ", seed " << job.seed << ", "
       << job.count << " responses, " << cycles << " cycles; a line a cycle: inputs, then outputs\n"
       << params_line(b, job.setup) << "\n"
       << "# plusargs" << plusargs << "\n";
  write_file_atomically(job.out, head.str() + body);
  std::cout << "cimsim vectors: " << cycles << " cycles, " << job.count << " responses of the "
            << cli::describe(b, job.setup) << " -> " << job.out << "\n";
  return 0;
}

}  // namespace

std::function<int()> add_vectors_command(CLI::App* cmd, const std::string& command_line) {
  auto job = std::make_shared<VectorsJob>();
  job->macro.backend = "golden";
  job->macro.add_to(*cmd);
  cli::add_seed_option(*cmd, job->seed, "weights, activations, traffic");
  cmd->add_option("--count", job->count, "responses to record")
      ->check(cli::whole(1, 1000000))
      ->capture_default_str();
  CLI::Option* out =
      cmd->add_option("--out", job->out, "the vector file to write")->check(cli::writable_file());
  CLI::Option* replay_file =
      cmd->add_option("--replay", job->replay,
                      "instead, run this vector file's inputs through the backend alone and "
                      "compare every output (and time it)");
  out->excludes(replay_file);
  return [job, cmd, &command_line]() {
    job->command = cli::reproducing(command_line, *cmd, job->seed);
    if (!job->macro.fault_map.empty()) {
      throw CLI::ValidationError("--fault-map",
                                 "vectors take settings only (a fault map is a file "
                                 "the other simulator would need too)");
    }
    if (!job->macro.adc_ranges.empty()) {
      throw CLI::ValidationError("--adc-ranges",
                                 "vectors take settings only (ADC ranges are a file "
                                 "the other simulator would need too)");
    }
    if (job->out.empty() && job->replay.empty()) {
      throw CLI::ValidationError("--out", "give the vector file to write (or --replay FILE)");
    }
    job->setup = job->macro.setup(job->seed);
    return job->replay.empty() ? run(*job) : replay(*job);
  };
}

}  // namespace cim
