// SPDX-License-Identifier: Apache-2.0
// Post-training quantization of a Network to a macro's request precision, and inference through
// any integer MVM (the exact product, or a macro behind the mapper).
//
// The rule (docs/workloads.md):
// - weights: symmetric per output channel, w ~ q x s_w[n], s_w[n] = max_k |W[k][n]| / (2^(wbits-1) - 1),
//   q rounded to nearest. Per channel because each output column of the macro is scaled on its
//   own anyway (the periphery multiplies each column's sum by its factor), so a channel with
//   small weights keeps its resolution at no hardware cost.
// - activations: x ~ q x s_in, calibrated per layer on given data: unsigned, s_in = max x /
//   (2^abits - 1), when the layer's inputs are never negative (after ReLU, or pixel values);
//   otherwise signed, s_in = max |x| / (2^(abits-1) - 1). q = clamp(round(x / s_in)).
// - between layers, in C++ (the digital periphery of a real accelerator): y = acc x s_in x s_w[n]
//   + b[n], ReLU, requantization to the next layer's scale. The last layer's y are the logits.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cim/int_matrix.h"
#include "cim/network.h"
#include "cim/ports.h"

namespace cim {

struct QuantizedLayer {
  std::string name;
  IntMatrix weight;                  // K x N (inputs x outputs), the mapper's layout
  std::vector<double> weight_scale;  // per output channel
  std::vector<double> bias;
  bool relu = false;
  double input_scale = 1.0;
  bool input_signed = false;
};

struct QuantizedNetwork {
  std::vector<QuantizedLayer> layers;
  int abits = 8, wbits = 8;
  // The precision of layer l's requests.
  Precision precision(int layer) const;
};

// Quantizes `net` with activation scales calibrated on `calibration` (one example a row).
QuantizedNetwork quantize(const Network& net, const IntMatrix& calibration, int abits, int wbits);

// The network with each bit of each stored weight (its wbits-bit two's complement pattern, as the
// mapper writes it) flipped with probability `ber`, as soft errors in the macro's bitcells would
// flip them (cim/bit_flips.h). The same seed gives the same flips; each layer draws its own.
QuantizedNetwork with_weight_bit_flips(const QuantizedNetwork& q, double ber, std::uint64_t seed);

// An integer MVM for layer `layer`: inputs (M x K) times weights (K x N).
using LayerMvm = std::function<IntMatrix(int layer, const IntMatrix& inputs, const IntMatrix& weights)>;

struct Inference {
  std::vector<IntMatrix> accumulators;    // per layer: the integer MVM results, M x N
  std::vector<std::vector<double>> logits;  // per example
  std::vector<int> predictions;             // argmax of the logits (the first on a tie)
};

// Runs `inputs` (examples x K, raw data values) through the network, layer by layer.
Inference infer(const QuantizedNetwork& q, const IntMatrix& inputs, const LayerMvm& mvm);

// The float network's predictions, for reference.
std::vector<int> float_predictions(const Network& net, const IntMatrix& inputs);

}  // namespace cim
