// SPDX-License-Identifier: Apache-2.0
// The tests' dense-chain importer: a perceptron's ONNX file lowered back to a Network (the kit
// runs every model as a graph, cim/graph.h; this only lets a test compare a written network layer
// by layer with the one read back, and holds the lowering rules those tests pin down).
#pragma once

#include <string>

#include "cim/network.h"

namespace cim {

// The network in an ONNX file, read by the graph reader (cim/graph.h: any IR version 3..10 and
// opset 9..21 it takes, external data, folded shape arithmetic) and lowered to a dense chain:
// Gemm (any transB, alpha and beta; transA = 0) or MatMul + Add of a bias, each optionally
// followed by Relu; Flatten, Reshape, Identity and Dropout; a constant scale of the input (Mul or
// Div by a scalar) folded into the first layer's weights; a Softmax or LogSoftmax at the output
// left out of the logits (argmax unchanged). Throws InputError naming the file and, for a graph
// it cannot lower, the node and its operator.
Network read_onnx(const std::string& path);

}  // namespace cim
