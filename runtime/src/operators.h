// SPDX-License-Identifier: Apache-2.0
// The operator table of the graph reader (cim/graph.h): one entry per ONNX operator, with its float
// reference (which also checks its inputs' shapes and attributes and so serves as its shape rule:
// the reader runs it once on zeros) and the inputs that must be constants for the graph to have
// fixed shapes and weights. The next operator is one entry here.
#pragma once

#include <string>
#include <vector>

#include "cim/graph.h"

namespace cim::ops {

// One call of an operator: the node, its inputs (null for an optional one left out) and the
// model's opset, which changes some operators' attributes into inputs.
class OpCall {
 public:
  OpCall(const GraphNode& node, std::vector<const Tensor*> inputs, int opset)
      : node_(node), in_(std::move(inputs)), opset_(opset) {}
  const GraphNode& node() const { return node_; }
  int opset() const { return opset_; }
  int inputs() const { return int(in_.size()); }
  // Input k, which must be there.
  const Tensor& in(int k) const;
  // Input k, or null when left out.
  const Tensor* optional(int k) const;
  // Throws InputError "node 'NAME' (OP) WHAT" (the reader adds the file).
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const GraphNode& node_;
  std::vector<const Tensor*> in_;
  int opset_;
};

using Eval = std::vector<Tensor> (*)(const OpCall&);

struct Operator {
  const char* name;
  Eval eval;
  // Inputs that must be constants (after folding): shapes, axes, weights.
  std::vector<int> constant_inputs;
};

// A 2-D window over an NCHW input (Conv, MaxPool, AveragePool): kernel, strides, dilations, the
// pads at top, left, bottom, right (auto_pad resolved) and the output's height and width.
struct Window {
  std::int64_t kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, oh, ow;
};

// The window of a node over an input of shape `x` (N x C x H x W) with a kh x kw kernel; checks
// the attributes and that the kernel fits the padded input (c.fail otherwise).
Window window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw, bool ceil_mode);

// The entry for an ONNX operator type, or null.
const Operator* find_operator(const std::string& op);
// Every operator's name, sorted.
std::vector<std::string> operator_names();

}  // namespace cim::ops
