// SPDX-License-Identifier: Apache-2.0
// A multilayer perceptron as this project runs it: dense layers, each optionally followed by
// ReLU, with float weights as trained. ONNX is its file format (write_onnx; read back as a graph,
// cim/graph.h), as torch.onnx.export writes a perceptron with either exporter.
#pragma once

#include <string>
#include <vector>

#include "cim/graph.h"

namespace cim {

struct DenseLayer {
  std::string name;  // the ONNX node that computes it ("/fc1/Gemm")
  int inputs = 0, outputs = 0;
  std::vector<float> weight;  // outputs x inputs, row-major (torch.nn.Linear's layout)
  std::vector<float> bias;    // outputs (zeros when the model has none)
  bool relu = false;          // followed by ReLU

  float w(int out, int in) const { return weight[std::size_t(out) * inputs + in]; }
};

// A 2-D convolution of a CNN (cimsim train --arch cnn|resnet): stride 1, padded by kernel / 2 so
// the image keeps its size, its BatchNorm folded in; then the output of an earlier convolution
// added (a residual connection), ReLU, and 2 x 2 max pooling, each when set.
struct ConvLayer {
  std::string name;
  int in_channels = 0, out_channels = 0, kernel = 3;
  std::vector<float> weight;  // out x in x kernel x kernel (torch.nn.Conv2d's layout)
  std::vector<float> bias;    // out
  int add_from = -1;          // adds convs[add_from]'s output before its ReLU (-1: none)
  bool relu = false, pool = false;
};

// Convolutions first (none for a perceptron), then the dense layers on their output, flattened
// or averaged over its positions (global average pooling).
struct Network {
  int channels = 1, image = 0;  // a CNN's input: channels x image x image, given row-major
  std::vector<ConvLayer> convs;
  bool global_pool = false;
  std::vector<DenseLayer> layers;

  int inputs() const { return convs.empty() ? layers.front().inputs : channels * image * image; }
  int outputs() const { return layers.back().outputs; }
  // The float forward pass of one input vector (the graph's float reference): the logits.
  std::vector<float> forward(const std::vector<float>& x) const;
};

// The network as a graph (Gemm and Relu nodes, as write_onnx writes it): what quantize() and the
// macros run.
Graph to_graph(const Network& net);

// Writes the network as ONNX (IR 8, opset 13: Gemm with transB = 1 and Relu nodes, float
// initializers), atomically.
void write_onnx(const Network& net, const std::string& path);

}  // namespace cim
