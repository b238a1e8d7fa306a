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

// A row of the energy table: the layer, its backend, its parts in pJ, and the ADC's share.
std::string energy_row(const std::string& layer, const std::string& backend,
                       const PricedEnergy& e) {
  const double t = e.total();
  std::ostringstream row;
  row << std::fixed << "    " << std::left << std::setw(7) << layer << std::setw(11) << backend
      << std::right << std::setprecision(1) << std::setw(11) << e.array << std::setw(15) << e.dac
      << std::setw(11) << e.adc << std::setw(11)
      << (e.priced ? std::to_string(std::int64_t(std::llround(e.measured))) : std::string("n/m"))
      << std::setw(11) << (e.priced ? "" : ">= ") + std::to_string(std::int64_t(std::llround(t)))
      << std::setw(8) << std::setprecision(0) << (t > 0 ? 100 * e.adc / t : 0.0);
  return row.str();
}

// The energy of an inference, per layer and in all: the analog layers' array, row drive and ADCs
// modelled (cim/analog_cost.h); the analog periphery and the digital macro measured, when a make
// synth report prices their cycles (--synth-report).
Summary energy_summary(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                       int examples) {
  const double n = examples > 0 ? examples : 1;
  const auto measured = [](const PricedEnergy& e, double v) {
    return e.priced ? nlohmann::json(v) : nlohmann::json(nullptr);
  };
  PricedEnergy all;
  std::vector<Summary> layers;
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const PricedEnergy e = price_layer(r, o.placement, l, o.pricer, examples);
    all += e;
    Summary layer;
    layer.add("array_pj", e.array)
        .add("dac_pj", e.dac)
        .add("adc_pj", e.adc)
        .add("measured_pj", measured(e, e.measured))
        .add("compute_cycles", double(r.moved[l].compute_cycles) / n)
        .line(energy_row(std::to_string(l), o.placement.layer_backend[l], e));
    layers.push_back(layer);
  }
  const double ops = 2.0 * double(r.total().macs) / n;
  const bool priced = all.priced && all.total() > 0;
  Summary per_inference;
  per_inference.add("array", all.array)
      .add("dac", all.dac)
      .add("adc", all.adc)
      .add("measured", measured(all, all.measured))
      .add("total", measured(all, all.total()))
      .line(energy_row("all", "", all));
  Summary s;
  s.line(
       "  energy per inference, pJ (modelled: analog array, row drive, ADCs, docs/analog.md; "
       "measured: the analog periphery and the digital macro, make synth)")
      .line(
          "    layer  backend          array      row drive        ADC   measured      total"
          "   ADC %")
      .add("modelled", "analog array, row drive (1-bit DACs), ADCs: docs/analog.md")
      .add("measured", "the analog periphery and the digital macro: make synth, per cycle")
      .add("layers", layers)
      .add("per_inference_pj", per_inference);
  for (const auto& [kind, m] : o.pricer.reports()) {
    s.line(std::string("    measured: ") + macro_kind(kind).synthesized_part() + ", " +
           significant_text(m.pj_per_cycle) + " pJ a cycle (" + m.path + ": " + m.config + ", " +
           significant_text(m.at_mhz) + " MHz)" +
           (m.tops_per_mm2 > 0
                ? "; the whole macro's peak " + significant_text(m.tops_per_mm2) + " TOPS/mm2"
                : ""));
  }
  if (!all.priced) {
    s.line("    n/m: not measured; price them with --synth-report <make synth's report.json>");
  }
  s.add("ops_per_inference", ops)
      .add("tops_per_w", priced ? nlohmann::json(ops / all.total()) : nlohmann::json(nullptr));
  if (priced) {
    s.line("    " + significant_text(ops) +
           " ops an inference (2 a MAC): " + significant_text(ops / all.total()) + " TOPS/W");
  }
  return s;
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
    if (ql.run_time_weights) {
      std::cout << ", weights written at run time (" << ql.slices
                << (ql.slices == 1 ? " matrix" : " matrices") << " an example)";
    }
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

// Layer l's record: what it is and where it ran, its error against the quantized golden model
// (a row of the error table) and its data movement.
Summary layer_summary(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                      std::size_t l) {
  const QuantizedLayer& ql = q.layers[l];
  const std::string& b = o.placement.layer_backend[l];
  const ErrorStats& e = r.layer_error[l];
  std::ostringstream row;
  row << std::fixed << std::setprecision(2) << "    " << std::left << std::setw(7) << l
      << std::setw(15) << b << std::right << std::setw(9) << e.outputs() << std::setw(12)
      << e.rmse() << std::setw(14) << e.max_error() << std::setw(11)
      << (std::isinf(e.snr_db()) ? std::string("exact") : std::to_string(e.snr_db()).substr(0, 6));
  Summary s;
  s.add("name", ql.name)
      .add("op", ql.op)
      .add("positions", ql.positions)
      .add("inputs", ql.weight.rows())
      .add("outputs", ql.weight.cols())
      .add("backend", b)
      .add("config", find_backend(b).config_name(o.placement.setups.at(b)))
      .add("input_signed", ql.input_signed)
      .add("run_time_weights", ql.run_time_weights)
      .add("adc_shifts", l < o.placement.adc_shifts.size()
                             ? nlohmann::json(o.placement.adc_shifts[l])
                             : nlohmann::json::array())
      .add("error", error_summary(e, "error").json())
      .add("movement", movement_summary(r.moved[l]).json())
      .line(row.str());
  return s;
}

// The confusion matrix's lines (rows: label, columns: the macro's prediction).
Summary confusion_summary(const NetScore& score) {
  const int classes = int(score.confusion.size());
  std::ostringstream head;
  head << "  confusion matrix (rows: label, columns: predicted)\n       ";
  for (int c = 0; c < classes; ++c) head << std::setw(5) << c;
  Summary s = Summary::of_json(score.confusion);
  s.line(head.str());
  for (int row = 0; row < classes; ++row) {
    std::ostringstream line;
    line << "    " << std::setw(3) << row;
    for (int c = 0; c < classes; ++c) {
      line << std::setw(5) << score.confusion[std::size_t(row)][std::size_t(c)];
    }
    s.line(line.str());
  }
  return s;
}

// The run's summary (summary.h): printed, and --json's record.
Summary net_summary(const NetOptions& o, const QuantizedNetwork& q, const NetRun& r,
                    const NetScore& score, int m) {
  const DataMovement all = r.total();
  const double mvm_per_s = r.seconds > 0 ? double(all.requests) / r.seconds : 0.0;
  std::vector<Summary> layers;
  for (std::size_t l = 0; l < q.layers.size(); ++l) layers.push_back(layer_summary(o, q, r, l));
  Summary accuracy;
  accuracy.add("float", score.float_acc)
      .add("quantized_golden", score.golden_acc)
      .add("macro", score.macro_acc, "accuracy",
           "float " + number_text(score.float_acc, 2) + " %, quantized golden " +
               number_text(score.golden_acc, 2) + " %, on the macro " +
               number_text(score.macro_acc, 2) + " % (" +
               std::to_string(std::lround(score.macro_acc * m / 100.0)) + " of " +
               std::to_string(m) + ")");
  Summary s;
  s.add("schema", "opencim.cimsim.net/1")
      .add("model", o.models[0])
      .add("data", o.data)
      .add("split", o.split)
      .add("examples", m)
      .add("seed", o.seed)
      .add("precision", {{"abits", o.abits}, {"wbits", o.wbits}})
      .line("summary:")
      .add("accuracy", accuracy)
      .add("logits_bit_exact", r.bit_exact(), "logits",
           r.bit_exact() ? "equal to the quantized golden model's, bit for bit"
                         : "differ from the quantized golden model's")
      .line("  per layer, against the quantized golden model (each layer fed by the one before):")
      .line("    layer  backend          outputs        RMSE   max |error|     SNR dB")
      .add("layers", layers)
      .add("confusion", confusion_summary(score))
      .line(summary_label("cycles") + std::to_string(all.write_cycles) + " writing weights, " +
            std::to_string(all.compute_cycles) + " computing, " +
            significant_text(all.macs_per_compute_cycle()) + " MACs per compute cycle")
      .line(summary_label("weight tiles") + std::to_string(all.tiles) + " loaded on " +
            instances_text(r) + ", " + std::to_string(all.reloads) + " of them reloads (" +
            std::to_string(all.reload_cycles) + " cycles with compute stalled)")
      .add("checked", o.placement.check)
      .add("simulated_mvm_per_s", mvm_per_s, "simulated MVM/s",
           significant_text(mvm_per_s) +
               (o.placement.check ? " (checked)" : " (unchecked: --no-check)"))
      .add("movement", movement_summary(all))
      .add("array", {{"macros", o.placement.macros},
                     {"instances", r.instances},
                     {"jobs", o.placement.jobs},
                     {"batch", o.placement.batch}})
      .add("adc_calibration", adc_calibration_name(o.adc_calibration))
      .add("energy", energy_summary(o, q, r, m));
  return s;
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
  const Summary summary = net_summary(o, q, r, NetScore(o, r), m);
  summary.print(std::cout);
  if (!job.json.empty()) cli::write_json(job.json, summary.json());
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
