// SPDX-License-Identifier: Apache-2.0
#include "cmd_net.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cim/array_file.h"
#include "cim/network_run.h"
#include "net_options.h"
#include "progress.h"
#include "reports.h"

namespace cim {
namespace {

struct NetJob {
  NetOptions net;
  std::string json;
  bool no_progress = false;
};

// Layer l's ADC ranges in a line: the LSBs its calibration chose, against the full range; empty
// for a layer on a digital backend.
std::string adc_range_summary(const NetOptions& o, std::size_t l) {
  const std::string& b = o.placement.layer_backend[l];
  if (!find_backend(b).kind().has_adc()) return {};
  const MacroSetup& s = o.placement.setups.at(b);
  const int full = adc_shift_for_range(s.params, s.analog.params, 1.0);
  std::ostringstream t;
  if (l >= o.placement.adc_shifts.size() || o.placement.adc_shifts[l].empty()) {
    t << "ADC range: " << adc_calibration_name(o.adc_calibration) << ", LSB 2^"
      << adc_ranges(s.params, s.analog.params, s.analog.settings).front() << " levels";
    return t.str();
  }
  std::map<int, int> count;  // shift -> column pairs
  for (const std::vector<int>& tile : o.placement.adc_shifts[l]) {
    for (int k : tile) ++count[k];
  }
  t << "ADC ranges calibrated per " << adc_calibration_name(o.adc_calibration) << " on "
    << o.calibration.size() << " examples: LSB";
  for (const auto& [k, n] : count) t << " 2^" << k << " levels x " << n;
  t << " column pairs (full range: 2^" << full << ")";
  return t.str();
}

// The macro instances of each backend ("2 macros", "3 analog macros and 1 digital").
std::string instances_text(const NetRun& r) {
  std::string t;
  for (const auto& [name, n] : r.instances) {
    t += (t.empty() ? "" : ", ") + std::to_string(n) + " " + name + (n == 1 ? " macro" : " macros");
  }
  return t.empty() ? "no macro" : t;
}

// The energy of an inference, per layer and in all: the analog layers' array, row drive and ADCs
// modelled (cim/analog_cost.h); the analog periphery and the digital macro measured, when a make
// synth report prices their cycles (--synth-report). Printed, and returned as JSON.
nlohmann::json print_energy(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                            int examples) {
  const double n = examples > 0 ? examples : 1;
  PricedEnergy all;
  nlohmann::json layers = nlohmann::json::array();
  std::cout
      << "  energy per inference, pJ (modelled: analog array, row drive, ADCs, docs/analog.md; "
         "measured: the analog periphery and the digital macro, make synth)\n"
      << "    layer  backend          array      row drive        ADC   measured      total   ADC "
         "%\n"
      << std::fixed;
  auto line = [&](const std::string& name, const std::string& backend, const PricedEnergy& e) {
    const double t = e.total();
    std::cout << "    " << std::left << std::setw(7) << name << std::setw(11) << backend
              << std::right << std::setprecision(1) << std::setw(11) << e.array << std::setw(15)
              << e.dac << std::setw(11) << e.adc << std::setw(11)
              << (e.priced ? std::to_string(std::int64_t(std::llround(e.measured)))
                           : std::string("n/m"))
              << std::setw(11)
              << (e.priced ? "" : ">= ") + std::to_string(std::int64_t(std::llround(t)))
              << std::setw(8) << std::setprecision(0) << (t > 0 ? 100 * e.adc / t : 0.0) << "\n";
  };
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const PricedEnergy e = price_layer(r, o.placement, l, o.pricer, examples);
    all += e;
    line(std::to_string(l), o.placement.layer_backend[l], e);
    layers.push_back(
        {{"array_pj", e.array},
         {"dac_pj", e.dac},
         {"adc_pj", e.adc},
         {"measured_pj", e.priced ? nlohmann::json(e.measured) : nlohmann::json(nullptr)},
         {"compute_cycles", double(r.moved[l].compute_cycles) / n}});
  }
  line("all", "", all);
  std::cout << std::defaultfloat << std::setprecision(6);
  for (const auto& [kind, m] : o.pricer.reports()) {
    std::cout << "    measured: " << macro_kind(kind).synthesized_part() << ", " << m.pj_per_cycle
              << " pJ a cycle (" << m.path << ": " << m.config << ", " << m.at_mhz << " MHz)";
    if (m.tops_per_mm2 > 0)
      std::cout << "; the whole macro's peak " << m.tops_per_mm2 << " TOPS/mm2";
    std::cout << "\n";
  }
  if (!all.priced)
    std::cout
        << "    n/m: not measured; price them with --synth-report <make synth's report.json>\n";
  const double ops = 2.0 * double(r.total().macs) / n;
  if (all.priced && all.total() > 0) {
    std::cout << "    " << ops << " ops an inference (2 a MAC): " << ops / all.total()
              << " TOPS/W\n";
  }
  return {{"per_inference_pj",
           {{"array", all.array},
            {"dac", all.dac},
            {"adc", all.adc},
            {"measured", all.priced ? nlohmann::json(all.measured) : nlohmann::json(nullptr)},
            {"total", all.priced ? nlohmann::json(all.total()) : nlohmann::json(nullptr)}}},
          {"modelled", "analog array, row drive (1-bit DACs), ADCs: docs/analog.md"},
          {"measured", "the analog periphery and the digital macro: make synth, per cycle"},
          {"ops_per_inference", ops},
          {"tops_per_w", all.priced && all.total() > 0 ? nlohmann::json(ops / all.total())
                                                       : nlohmann::json(nullptr)},
          {"layers", layers}};
}

// The run's first lines: the network, the data, and each layer where it runs.
void print_head(const NetOptions& o, const QuantizedNetwork& q, int examples) {
  const Graph& net = o.nets.front();
  std::cout << "cimsim net: " << o.models[0] << " (" << to_string(net.input_shape()) << " -> "
            << to_string(net.output_shape()) << ", " << q.layers.size()
            << (q.layers.size() == 1 ? " layer" : " layers") << " on the macros, "
            << net.nodes().size() - q.layers.size()
            << (net.nodes().size() - q.layers.size() == 1 ? " node" : " nodes")
            << " in the periphery), " << examples << " examples of " << o.data << " (" << o.split
            << " split), " << o.abits << "-bit activations x " << o.wbits
            << "-bit signed weights, seed " << o.seed << "\n";
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const QuantizedLayer& ql = q.layers[l];
    const std::string& b = o.placement.layer_backend[l];
    std::cout << "  layer " << l << " " << ql.name << " (" << ql.op << "): " << ql.weight.rows()
              << " x " << ql.weight.cols();
    if (ql.positions > 1) std::cout << ", " << ql.positions << " positions an example";
    if (ql.utilisation < 1)
      std::cout << ", " << int(std::lround(100 * ql.utilisation)) << " % of the matrix used";
    std::cout << ", " << (ql.input_signed ? "signed" : "unsigned") << " inputs, on the "
              << cli::describe(find_backend(b), o.placement.setups.at(b)) << "\n";
    if (const std::string r = adc_range_summary(o, l); !r.empty()) std::cout << "    " << r << "\n";
  }
}

// A run's accuracies and confusion matrix (rows: label, columns: the macro's prediction).
struct NetScore {
  double float_acc, golden_acc, macro_acc;
  std::vector<std::vector<int>> confusion;

  NetScore(const NetOptions& o, const NetRun& r) {
    const std::vector<int>& labels = o.eval.labels;
    float_acc = accuracy_percent(r.float_predictions, labels);
    golden_acc = accuracy_percent(r.golden.predictions, labels);
    macro_acc = accuracy_percent(r.macro.predictions, labels);
    const int classes =
        std::max(o.eval.classes(), int(element_count(o.nets.front().output_shape())));
    confusion.assign(std::size_t(classes), std::vector<int>(std::size_t(classes), 0));
    for (std::size_t i = 0; i < labels.size(); ++i) {
      ++confusion[std::size_t(labels[i])][std::size_t(r.macro.predictions[i])];
    }
  }
};

void print_accuracy(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                    const NetScore& score, int m) {
  std::cout << "summary:\n"
            << std::fixed << std::setprecision(2) << "  accuracy           float "
            << score.float_acc << " %, quantized golden " << score.golden_acc << " %, on the macro "
            << score.macro_acc << " % (" << int(std::lround(score.macro_acc * m / 100.0)) << " of "
            << m << ")\n"
            << "  logits             "
            << (r.bit_exact() ? "equal to the quantized golden model's, bit for bit"
                              : "differ from the quantized golden model's")
            << "\n  per layer, against the quantized golden model (each layer fed by the one "
               "before):\n"
            << "    layer  backend          outputs        RMSE   max |error|     SNR dB\n";
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const ErrorStats& e = r.layer_error[l];
    std::cout << "    " << std::left << std::setw(7) << l << std::setw(15)
              << o.placement.layer_backend[l] << std::right << std::setw(9) << e.outputs()
              << std::setw(12) << e.rmse() << std::setw(14) << e.max_error() << std::setw(11)
              << (std::isinf(e.snr_db()) ? std::string("exact")
                                         : std::to_string(e.snr_db()).substr(0, 6))
              << "\n";
  }
  std::cout << "  confusion matrix (rows: label, columns: predicted)\n       ";
  const int classes = int(score.confusion.size());
  for (int c = 0; c < classes; ++c) std::cout << std::setw(5) << c;
  std::cout << "\n";
  for (int row = 0; row < classes; ++row) {
    std::cout << "    " << std::setw(3) << row;
    for (int c = 0; c < classes; ++c)
      std::cout << std::setw(5) << score.confusion[std::size_t(row)][std::size_t(c)];
    std::cout << "\n";
  }
}

nlohmann::json layers_json(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r) {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const std::string& b = o.placement.layer_backend[l];
    layers.push_back({{"name", q.layers[l].name},
                      {"op", q.layers[l].op},
                      {"positions", q.layers[l].positions},
                      {"inputs", q.layers[l].weight.rows()},
                      {"outputs", q.layers[l].weight.cols()},
                      {"backend", b},
                      {"config", find_backend(b).config_name(o.placement.setups.at(b))},
                      {"input_signed", q.layers[l].input_signed},
                      {"adc_shifts", l < o.placement.adc_shifts.size()
                                         ? nlohmann::json(o.placement.adc_shifts[l])
                                         : nlohmann::json::array()},
                      {"error", error_json(r.layer_error[l])},
                      {"movement", movement_json(r.moved[l])}});
  }
  return layers;
}

nlohmann::json summary_json(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                            const NetScore& score, int m, const nlohmann::json& energy) {
  const DataMovement all = r.total();
  return {
      {"schema", "opencim.cimsim.net/1"},
      {"model", o.models[0]},
      {"data", o.data},
      {"split", o.split},
      {"examples", m},
      {"seed", o.seed},
      {"precision", {{"abits", o.abits}, {"wbits", o.wbits}}},
      {"accuracy",
       {{"float", score.float_acc},
        {"quantized_golden", score.golden_acc},
        {"macro", score.macro_acc}}},
      {"logits_bit_exact", r.bit_exact()},
      {"confusion", score.confusion},
      {"layers", layers_json(o, q, r)},
      {"movement", movement_json(all)},
      {"simulated_mvm_per_s", r.seconds > 0 ? double(all.requests) / r.seconds : 0.0},
      {"checked", o.placement.check},
      {"array",
       {{"macros", o.placement.macros},
        {"instances", r.instances},
        {"jobs", o.placement.jobs},
        {"batch", o.placement.batch}}},
      {"adc_calibration", adc_calibration_name(o.adc_calibration)},
      {"energy", energy},
  };
}

int run(NetJob& job) {
  NetOptions& o = job.net;
  const QuantizedNetwork q = quantize(o.nets.front(), o.calibration.inputs, o.abits, o.wbits);
  calibrate_adc(q, o.calibration.inputs, o.adc_calibration, o.placement);
  const int m = o.eval.size();
  print_head(o, q, m);
  NetRun r;
  {
    ProgressBar bar(net_requests(q, m, o.placement), !job.no_progress);
    r = run_net(q, o.eval, o.placement, [&bar](std::uint64_t done) { bar.update(done); });
  }
  if (!r.mismatch.empty()) {
    std::cout << "MISMATCH: " << r.mismatch << "\n";
    return 1;
  }
  const NetScore score(o, r);
  print_accuracy(o, q, r, score, m);
  const DataMovement all = r.total();
  const double mvm_per_s = r.seconds > 0 ? double(all.requests) / r.seconds : 0.0;
  std::cout << std::defaultfloat << std::setprecision(6) << "  cycles             "
            << all.write_cycles << " writing weights, " << all.compute_cycles << " computing, "
            << all.macs_per_compute_cycle() << " MACs per compute cycle\n"
            << "  weight tiles       " << all.tiles << " loaded on " << instances_text(r) << ", "
            << all.reloads << " of them reloads (" << all.reload_cycles
            << " cycles with compute stalled)\n"
            << "  simulated MVM/s    " << mvm_per_s
            << (o.placement.check ? " (checked)" : " (unchecked: --no-check)") << "\n";
  print_movement(all);
  const nlohmann::json energy = print_energy(o, q, r, m);
  if (!job.json.empty()) cli::write_json(job.json, summary_json(o, q, r, score, m, energy));
  return 0;
}

}  // namespace

std::function<int()> add_net_command(CLI::App* cmd, const std::string& command_line) {
  auto job = std::make_shared<NetJob>();
  job->net.add_to(*cmd, false);
  cli::add_json_option(*cmd, job->json);
  cmd->add_flag("--no-progress", job->no_progress, "do not draw the progress bar");
  cmd->add_flag(
      "--no-check", [job](std::int64_t) { job->net.placement.check = false; },
      "run the backends alone, without the lockstep golden model (faster; reported as "
      "unchecked)");
  return [job, cmd, &command_line]() {
    job->net.resolve();
    job->net.placement.reproduce = cli::reproducing(command_line, *cmd, job->net.seed);
    return run(*job);
  };
}

}  // namespace cim
