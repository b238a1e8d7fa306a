// SPDX-License-Identifier: Apache-2.0
#include "net_options.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cim/array_file.h"
#include "cim/quantized_network.h"

namespace cim {

void NetOptions::add_to(CLI::App& app, bool several_models) {
  several_models_ = several_models;
  CLI::Option* m =
      app.add_option("--model", models,
                     several_models ? "a network, ONNX as PyTorch exports it (docs/cimsim.md lists "
                                      "the operators); repeat to compare several (plain and "
                                      "noise-aware) side by side"
                                    : "the network, ONNX as PyTorch exports it (docs/cimsim.md "
                                      "lists the operators)");
  m->required()->check(CLI::ExistingFile);
  if (!several_models) m->expected(1);
  app.add_option("--data", data,
                 "examples, one a line: the inputs, then the integer label (.csv or .npy)")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  app.add_option("--labels", labels,
                 "the labels in a file of their own (one a line, or a 1-D .npy); --data then holds "
                 "the inputs only")
      ->check(CLI::ExistingFile);
  app.add_option("--split", split,
                 "test or train: the seeded stratified split of --data (20 % test; test is "
                 "calibrated on train); all: every example, calibrated on itself")
      ->check(CLI::IsMember({"test", "train", "all"}))
      ->capture_default_str();
  app.add_option("--limit", limit, "only the first N examples")->check(cli::whole(1, 100000000));
  macro.add_to(app);
  app.add_option(
      "--place", place,
      "per-layer backends, e.g. 0:analog,1:digital (layers from 0; the rest on --backend)");
  app.add_option("--abits", abits, "activation bits (default ABITS)")
      ->check(cli::whole(1, limits::kAbits.hi));
  app.add_option("--wbits", wbits, "weight bits, signed (default WBITS)")
      ->check(cli::whole(2, limits::kWbits.hi));
  app.add_option(
         "--macros", macros,
         "instances of each backend, every weight tile of the network on one of them (tile t "
         "on instance t mod N)")
      ->check(cli::whole(1, 1024))
      ->capture_default_str();
  app.add_option("--jobs", jobs, "threads running the instances")
      ->check(cli::whole(1, 256))
      ->capture_default_str();
  app.add_option("--batch", batch,
                 "examples a pass through the network (default: all); an instance holding several "
                 "tiles reloads them every pass, and the report counts it")
      ->check(cli::whole(1, 100000000));
  app.add_option(
         "--adc-calibrate", adc_calibrate,
         "the analog layers' ADC ranges: full (the largest column sum), or calibrated on the "
         "calibration split by minimum squared error, one range a layer or one a column pair "
         "of each tile (docs/analog.md)")
      ->check(CLI::IsMember({adc_calibration_name(AdcCalibration::kFullRange),
                             adc_calibration_name(AdcCalibration::kLayer),
                             adc_calibration_name(AdcCalibration::kColumn)}))
      ->capture_default_str();
  app.add_option("--synth-report", synth_reports,
                 "a make synth report.json (MACRO=digital or analog; once each): the energy it "
                 "measured per clock cycle prices the cycles this run spends on that macro (the "
                 "analog macro's digital periphery; its array, DACs and ADCs are modelled)")
      ->check(CLI::ExistingFile);
  cli::add_seed_option(app, seed, "analog devices (instance i: seed + i)");
  if (!several_models) trace.add_to(app);
}

void NetOptions::resolve() {
  read_models();
  const Graph& net = nets.front();
  const int layers = macro_layers(net);
  read_data(element_count(net.input_shape()));
  placement.seed = seed;
  placement.macros = macros;
  placement.jobs = jobs;
  placement.batch = batch;
  placement.wave_path = [](const Backend& b, const MacroSetup& s, std::uint64_t run_seed,
                           int instance) { return cli::mismatch_wave(b, s, run_seed, instance); };
  place_layers(layers);
  bool any_analog = false;
  for (const std::string& b : placement.layer_backend)
    any_analog = any_analog || find_backend(b).kind().has_adc();
  adc_calibration = parse_adc_calibration(adc_calibrate);
  read_synth_reports();
  if (adc_calibration != AdcCalibration::kFullRange && !any_analog) {
    throw CLI::ValidationError("--adc-calibrate", "no layer runs on an analog backend");
  }
  for (const std::string& name : placement.layer_backend) {
    if (!placement.setups.count(name)) {
      placement.setups[name] = macro.setup_for(find_backend(name), seed, !any_analog);
    }
  }
  resolve_trace();
  resolve_precision();
}

void NetOptions::read_models() {
  macro.backend_checked();
  for (const std::string& m : models) {
    nets.push_back(read_onnx_graph(m));
    if (macro_layers(nets.back()) == 0)
      throw InputError(m + ": the graph has no Gemm, MatMul or Conv layer");
  }
  for (std::size_t i = 1; i < nets.size(); ++i) {
    if (nets[i].input_shape() != nets[0].input_shape() ||
        macro_layers(nets[i]) != macro_layers(nets[0])) {
      throw InputError(models[i] + ": not the shape of " + models[0] +
                       " (compared side by side, "
                       "the models need the same inputs and number of layers)");
    }
  }
}

// The evaluated examples; the test split is calibrated on the train split.
void NetOptions::read_data(std::int64_t width) {
  const Dataset all = labels.empty() ? read_dataset(data) : read_dataset(data, labels);
  if (split == "all") {
    eval = calibration = all;
  } else {
    Split s = stratified_split(all, kTestFraction, kSplitSeed);
    calibration = s.train;
    eval = split == "test" ? s.test : s.train;
  }
  if (limit && limit < std::uint64_t(eval.size())) {
    std::vector<int> first(limit);
    for (std::size_t i = 0; i < first.size(); ++i) first[i] = int(i);
    eval = eval.subset(first);
  }
  if (eval.inputs.cols() != width) {
    throw InputError(data + ": " + std::to_string(eval.inputs.cols()) + " inputs an example, but " +
                     models[0] + " takes " + std::to_string(width) + " (" +
                     to_string(nets.front().input_shape()) + ")");
  }
}

// Every layer on --backend, but those --place puts elsewhere.
void NetOptions::place_layers(int layers) {
  placement.layer_backend.assign(std::size_t(layers), macro.backend_checked().name());
  if (place.empty()) return;
  static const std::regex item(R"((\d{1,4}):([a-z-]+))");
  std::size_t start = 0;
  while (start <= place.size()) {
    std::size_t end = place.find(',', start);
    if (end == std::string::npos) end = place.size();
    const std::string one = place.substr(start, end - start);
    std::smatch m;
    if (!std::regex_match(one, m, item)) {
      throw CLI::ValidationError("--place", "'" + one + "' is not LAYER:BACKEND (e.g. 0:analog)");
    }
    const int layer = std::stoi(m[1]);
    if (layer >= layers) {
      throw CLI::ValidationError("--place", "layer " + std::to_string(layer) + ": " + models[0] +
                                                " has layers 0.." + std::to_string(layers - 1));
    }
    try {
      placement.layer_backend[std::size_t(layer)] = find_backend(m[2]).name();
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--place", e.what());
    }
    start = end + 1;
  }
}

void NetOptions::read_synth_reports() {
  for (const std::string& r : synth_reports) {
    SynthReport report = read_synth_report(r);
    const MacroKind kind = report.macro;
    if (!pricer.add(std::move(report))) {
      throw CLI::ValidationError(
          "--synth-report",
          r + ": a second report of the " + std::string(macro_kind(kind).name()) + " macro");
    }
  }
}

void NetOptions::resolve_trace() {
  if (!trace.path.empty()) {
    bool verilated = false;
    for (const auto& [name, setup] : placement.setups)
      verilated = verilated || find_backend(name).verilated();
    if (!verilated) {
      throw CLI::ValidationError("--trace",
                                 "no layer runs on a Verilated backend (digital or analog)");
    }
    trace.apply(placement.trace);
  } else if (!several_models_) {
    trace.check(macro.backend_checked());  // a window without --trace
  }
}

// --abits and --wbits against the macros' (the macro's own when not given).
void NetOptions::resolve_precision() {
  const Params& p = placement.setups.begin()->second.params;
  cli::check_bits_within(abits, wbits, p);
  if (!abits) abits = p.abits;
  if (!wbits) wbits = p.wbits;
  if (wbits < 2) throw CLI::ValidationError("--wbits", "signed weights need at least 2 bits");
  for (const auto& [name, setup] : placement.setups) {
    if (!find_backend(name).supports(setup, Precision{abits, wbits, true, true})) {
      throw CLI::ValidationError(
          "--wbits", "the " + name +
                         " macro with CELL_BITS=" + std::to_string(setup.analog.params.cell_bits) +
                         " computes only wbits = WBITS = " + std::to_string(p.wbits));
    }
  }
}

}  // namespace cim
