// SPDX-License-Identifier: Apache-2.0
// cimsim: the command-line front end of the kit. Each subcommand lives in a file of its own
// (sim/cmd_*.cc) over the verification environment; `random` is the default.
//
// Exit status: 0 all checked and matching, 1 a mismatch or simulation error, 2 bad options or
// input files (the message names the option, or the file and line; nothing has been run or
// written).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cim/array_file.h"
#include "cli.h"
#include "cmd_mvm.h"
#include "cmd_net.h"
#include "cmd_random.h"
#include "cmd_sweep.h"
#include "cmd_train.h"
#include "cmd_vectors.h"
#include "interrupt.h"

namespace {

// The command line as a shell would take it back (single-quoted where needed).
std::string quoted(int argc, char** argv) {
  std::string line = "cimsim";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool plain = !a.empty() && a.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789-_.,/=+:") == std::string::npos;
    line += " " + (plain ? a : "'" + a + "'");
  }
  return line;
}

// The subcommands, in --help's order: each adds its options to its CLI11 app and returns its run.
struct Subcommand {
  const char* name;
  const char* description;
  std::function<int()> (*add)(CLI::App* cmd, const std::string& command_line);
};
constexpr Subcommand kSubcommands[] = {
    {"random",
     "random MVMs through a backend, checked cycle by cycle against the golden model "
     "(the default subcommand)",
     cim::add_random_command},
    {"mvm", "a K x N integer matrix times input vectors (CSV or .npy files), tiled onto the macro",
     cim::add_mvm_command},
    {"net",
     "a trained network (ONNX) on the macros, layer by layer: accuracy, per-layer error, "
     "data movement",
     cim::add_net_command},
    {"train", "train a perceptron or a CNN on the train split of a data set and write it as ONNX",
     cim::add_train_command},
    {"sweep",
     "a network's accuracy against one setting, over device seeds, models side by side: "
     "CSV and a PNG plot",
     cim::add_sweep_command},
    {"vectors",
     "write a cycle-by-cycle stimulus and the golden model's outputs, for running the "
     "RTL in another simulator (tb/icarus/)",
     cim::add_vectors_command},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "cimsim: simulate a CIM macro backend, checked cycle by cycle against the golden "
      "model.\nSubcommands take their own --help; without one, cimsim runs `random`.\n"
      "cimsim --list-devices lists the analog device presets (--device)."};
  app.require_subcommand(0, 1);
  const std::string command_line = quoted(argc, argv);
  std::map<std::string, std::function<int()>> runs;
  for (const Subcommand& c : kSubcommands) {
    runs[c.name] = c.add(app.add_subcommand(c.name, c.description), command_line);
  }

  // No subcommand (or only options): the default job, as `cimsim random ...`.
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool top_help = args.size() == 1 && (args[0] == "--help" || args[0] == "-h");
  if (args.size() == 1 && args[0] == "--list-devices") {
    cim::cli::print_device_presets(std::cout);
    return 0;
  }
  if (!top_help && (args.empty() || args[0].rfind("-", 0) == 0))
    args.insert(args.begin(), "random");
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  try {
    app.parse(args);
    for (const CLI::App* cmd : app.get_subcommands()) cim::cli::refuse_outputs_over_inputs(*cmd);
    // The simulating subcommands stop at the next cycle on Ctrl-C (training stops at once, as
    // before: it writes nothing until it is done).
    if (!app.got_subcommand("train")) cim::stop_on_interrupt();
    for (const CLI::App* cmd : app.get_subcommands()) return runs.at(cmd->get_name())();
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "cimsim: " << (e.get_name() == "ValidationError" ? "option " : "") << e.what()
              << "\n(see cimsim --help)\n";
    return 2;
  } catch (const cim::InputError& e) {
    std::cerr << "cimsim: " << e.what() << "\n";
    return 2;
  } catch (const cim::Interrupted& e) {
    std::cerr << "cimsim: " << e.what()
              << ": stopped at the next cycle, every file written so far whole "
              << "(a --trace closed; cimsim sweep: its --out holds the finished runs, --resume "
                 "goes on)\n";
    return 128 + e.signal();
  } catch (const std::exception& e) {
    std::cerr << "cimsim: error: " << e.what() << "\n";
    return 1;
  }
}
