#include "cmd_vectors.h"

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
// tb/icarus/cim_vector_ports.svh, which is generated from the same port list (ports.h).
struct VectorsJob {
  cli::MacroOptions macro;
  std::uint64_t seed = 1;
  std::uint64_t count = 200;
  std::string out;
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
#define CIM_HEX(port_name, member, fields, bits, what, is_signed)                            \
  line += (line.empty() ? "" : " ") + hex((fields), (bits), [&](int i) {                      \
            return std::uint64_t(port::field(src.member, i));                                   \
          });
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

int run(const VectorsJob& job) {
  const Backend& b = job.macro.backend_checked();
  const Params& p = job.setup.params;
  EnvironmentOptions eo;
  eo.backend = b.name();
  eo.setup = job.setup;
  eo.seed = job.seed;
  eo.reproduce = job.command;
  Environment env(eo);

  std::ostringstream params;
  params << "# params ROWS=" << p.rows << " COLS=" << p.cols << " WBITS=" << p.wbits
         << " ABITS=" << p.abits << " ABITS_PER_CYCLE=" << p.abits_per_cycle;
  std::string plusargs;
  if (b.analog()) {
    const AnalogParams& a = job.setup.analog.params;
    params << " CELL_BITS=" << a.cell_bits << " ADC_BITS=" << a.adc_bits << " ADC_SHARE=" << a.adc_share;
    const AnalogPlusargs args(job.setup.analog.settings);
    for (const std::string& arg : args.args()) plusargs += " " + arg;
  }
  std::string body;
  std::uint64_t cycles = 0;
  env.drv().add_observer([&](std::uint64_t, const Inputs& in, const Outputs& out) {
    body += vector_line(p, in, out);
    ++cycles;
  });
  // From a reset (the model starts unknown in a 4-state simulator), every row written (bitcells
  // power up unknown: an X in Icarus until written, the contract the X-hygiene tests hold the RTL
  // to), then random traffic: writes, reads and requests raised at random and held until taken,
  // random precisions with some out of range, and rsp_ready_i low a third of the time.
  env.drv().reset();
  env.load_random_weights();
  TrafficMix mix;
  mix.p_write = 0.1;
  mix.p_read = 0.1;
  mix.p_request = 0.7;
  mix.p_rsp_ready = 0.67;
  mix.p_bad_precision = 0.05;
  mix.full_wbits = b.analog() && job.setup.analog.params.cell_bits > 1;
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
       << params.str() << "\n"
       << "# plusargs" << plusargs << "\n";
  write_file_atomically(job.out, head.str() + body);
  std::cout << "cimsim vectors: " << cycles << " cycles, " << job.count << " responses of the "
            << cli::describe(b, job.setup) << " -> " << job.out << "\n";
  return 0;
}

}  // namespace

std::function<int()> add_vectors_command(CLI::App& app, const std::string& command_line) {
  auto job = std::make_shared<VectorsJob>();
  CLI::App* cmd = app.add_subcommand(
      "vectors", "write a cycle-by-cycle stimulus and the golden model's outputs, for running the "
                 "RTL in another simulator (tb/icarus/)");
  job->macro.backend = "golden";
  job->macro.add_to(*cmd);
  cli::add_seed_option(*cmd, job->seed, "weights, activations, traffic");
  cmd->add_option("--count", job->count, "responses to record")
      ->check(cli::whole(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--out", job->out, "the vector file to write")
      ->required()
      ->check(cli::writable_file());
  return [job, cmd, &command_line]() {
    job->command = cli::reproducing(command_line, *cmd, job->seed);
    if (!job->macro.fault_map.empty()) {
      throw CLI::ValidationError("--fault-map", "vectors take settings only (a fault map is a file "
                                                "the other simulator would need too)");
    }
    job->setup = job->macro.setup(job->seed);
    return run(*job);
  };
}

}  // namespace cim
