// SPDX-License-Identifier: Apache-2.0
// A multilayer perceptron as this project runs it: dense layers, each optionally followed by
// ReLU, with float weights as trained. ONNX is its file format (read_onnx/write_onnx): networks of
// Gemm, MatMul + Add, Relu and Flatten, the way torch.onnx.export writes a perceptron.
#pragma once

#include <string>
#include <vector>

namespace cim {

struct DenseLayer {
  std::string name;           // the ONNX node that computes it ("/fc1/Gemm")
  int inputs = 0, outputs = 0;
  std::vector<float> weight;  // outputs x inputs, row-major (torch.nn.Linear's layout)
  std::vector<float> bias;    // outputs (zeros when the model has none)
  bool relu = false;          // followed by ReLU

  float w(int out, int in) const { return weight[std::size_t(out) * inputs + in]; }
};

struct Network {
  std::vector<DenseLayer> layers;

  int inputs() const { return layers.front().inputs; }
  int outputs() const { return layers.back().outputs; }
  // The float forward pass of one input vector: the logits.
  std::vector<float> forward(const std::vector<float>& x) const;
};

// The network in an ONNX file. Throws InputError naming the file and, for a graph it cannot run,
// the node and its op type: anything but Gemm (alpha = beta = 1, transA = 0), MatMul, Add of a
// bias, Relu and Flatten; a node off the chain from the input to the output; weights that are not
// float initializers; shapes that do not chain.
Network read_onnx(const std::string& path);

// Writes the network as ONNX (IR 8, opset 13: Gemm with transB = 1 and Relu nodes, float
// initializers), atomically.
void write_onnx(const Network& net, const std::string& path);

}  // namespace cim
