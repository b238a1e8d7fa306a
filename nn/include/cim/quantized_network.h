// SPDX-License-Identifier: Apache-2.0
// Post-training quantization of a network graph (cim/graph.h) to a macro's request precision, and
// inference through any integer MVM (the exact product, or a macro behind the mapper).
//
// What runs where: each Gemm, MatMul, Conv and ConvTranspose node is a layer on the macros (a
// MatMul by a constant matrix, or of two activations of rank 2 or more); every other node (ReLU,
// pooling, a residual Add, BatchNorm, reshapes, Softmax) runs in the periphery, in float32 as the
// float reference computes it (the layer outputs too), the same code for the golden model and the
// macro, so a layer's integers and the logits are bit-exact whenever the MVMs are.
//
// The rule (docs/workloads.md):
// - weights: symmetric per output channel, w ~ q x s_w[n], s_w[n] = max_k |W[k][n]| / (2^(wbits-1)
// - 1),
//   q rounded to nearest. Per channel because each output column of the macro is scaled on its
//   own anyway (the periphery multiplies each column's sum by its factor), so a channel with
//   small weights keeps its resolution at no hardware cost. Gemm's alpha scales W and beta C.
// - activations: x ~ q x s_in, calibrated per layer on given data: unsigned, s_in = max x /
//   (2^abits - 1), when the layer's inputs are never negative (after ReLU, or pixel values);
//   otherwise signed, s_in = max |x| / (2^(abits-1) - 1). q = clamp(round(x / s_in)); a padded
//   position of a convolution is q = 0, exactly the float zero.
// - a layer's output: y = acc x s_in x s_w[n] + b[n] (in double, then float32), in the periphery.
// - a product of two activations (attention's): both operands calibrated as activations, the
//   right one signed and symmetric at wbits (s_w = max |x| / (2^(wbits-1) - 1), one for the
//   tensor); written to the macros as the weight matrix of each example and each slice of its
//   batch dimensions (weights written at run time), the left one streamed through it.
// - a convolution: lowered by im2col, each output position one MVM of K = C_in x kh x kw rows by
//   C_out columns (weight-stationary: its weights written once, every position of every example
//   streamed through them); a grouped convolution as one block-diagonal matrix, zeros off its
//   groups' blocks (its utilisation: 1 / groups).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cim/graph.h"
#include "cim/int_matrix.h"
#include "cim/network.h"
#include "cim/real_matrix.h"

namespace cim {

struct QuantizedLayer {
  std::string name;                  // the graph node
  std::string op;                    // Gemm, MatMul, Conv or ConvTranspose
  IntMatrix weight;                  // K x N (inputs x outputs), the mapper's layout
  std::vector<double> weight_scale;  // per output channel
  std::vector<double> bias;
  double input_scale = 1.0;
  bool input_signed = false;
  int positions = 1;         // MVMs an example: a convolution's output positions
  double utilisation = 1.0;  // the share of the weight matrix that is not structurally zero
  // A product of two activations (attention's Q K^T, and its weights times V): the weight matrix
  // is input 1's value, quantized per tensor (weight_scale, every entry alike, calibrated as an
  // activation's range) and written to the macro for each example and each of its `slices`
  // (the batch dimensions' products: heads); `weight` is zeros of each written matrix's shape.
  bool run_time_weights = false;
  int slices = 1;
};

struct QuantizedNetwork {
  Graph graph;                         // the float network
  std::vector<QuantizedLayer> layers;  // its macro layers (is_macro_layer), in graph order
  int abits = 8, wbits = 8;
};

// Whether a node of `g` is a layer on the macros (its operator's placement in cim/operators.h:
// Gemm, Conv, ConvTranspose, and MatMul by a constant matrix or of two activations of rank 2 or
// more; one by a constant vector or a constant of more than two dimensions runs in the periphery).
bool is_macro_layer(const Graph& g, const GraphNode& n);
// The graph's macro layers, in order.
int macro_layers(const Graph& g);

// Quantizes `g` with activation scales calibrated on `calibration` (one example a row, the
// input's values row-major).
QuantizedNetwork quantize(const Graph& g, const RealMatrix& calibration, int abits, int wbits);
QuantizedNetwork quantize(const Network& net, const RealMatrix& calibration, int abits, int wbits);

// An integer MVM for layer `layer`: inputs (M x K) times weights (K x N).
using LayerMvm =
    std::function<IntMatrix(int layer, const IntMatrix& inputs, const IntMatrix& weights)>;

struct Inference {
  std::vector<IntMatrix> accumulators;      // per layer: the integer MVM results, M x N
  std::vector<std::vector<double>> logits;  // per example: the graph's output
  std::vector<int> predictions;             // argmax of the logits (the first on a tie)
};

// Runs `inputs` (examples x K, the data's values as they are) through the network, node by node:
// each layer's MVM over every example (and every position) at once.
Inference infer(const QuantizedNetwork& q, const RealMatrix& inputs, const LayerMvm& mvm);

// The float network's predictions, for reference.
std::vector<int> float_predictions(const Graph& g, const RealMatrix& inputs);
std::vector<int> float_predictions(const Network& net, const RealMatrix& inputs);

}  // namespace cim
