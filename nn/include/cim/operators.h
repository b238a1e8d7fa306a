// SPDX-License-Identifier: Apache-2.0
// The operator table of the graph reader (cim/graph.h): one entry per ONNX operator, with its float
// reference (which also checks its inputs' shapes and attributes and so serves as its shape rule:
// the reader runs it once on zeros), the inputs that must be constants for the graph to have
// fixed shapes and weights, where a quantized network runs it, and the opsets whose forms it
// takes. The entries live by family in nn/src/ops/; the next operator is one entry there.
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

// The default-domain opsets the graph reader takes.
constexpr int kMinOpset = 9, kMaxOpset = 21;

// Where a quantized network (cim/quantized_network.h) computes an operator: in the periphery, in
// float32 as the float reference does; or on the macros, as an integer MVM of its quantized input
// by its constant weight matrix (input 1), scaled back in the periphery (a MatMul whose input 1
// is not a constant matrix, attention's, stays in the periphery: cim::is_macro_layer).
enum class Placement { kPeriphery, kMacros };

struct Operator {
  const char* name;
  Eval eval;
  // Inputs that must be constants (after folding): shapes, axes, weights.
  std::vector<int> constant_inputs;
  Placement placement = Placement::kPeriphery;
  // The opsets whose forms `eval` takes (attributes that later opsets moved to inputs included);
  // the graph reader refuses a node outside them.
  int min_opset = kMinOpset, max_opset = kMaxOpset;
};

// A 2-D window over an NCHW input (Conv, MaxPool, AveragePool): kernel, strides, dilations, the
// pads at top, left, bottom, right (auto_pad resolved) and the output's height and width. A 1-D
// input (N x C x L) is a row of height 1: kh = sh = dh = oh = 1, no pad at top or bottom.
struct Window {
  std::int64_t kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, oh, ow;
};

// The window of a node over an input of shape `x` (N x C x H x W, or N x C x L with kh = 1) with a
// kh x kw kernel; checks the attributes (one value an axis) and that the kernel fits the padded
// input (c.fail otherwise).
Window window(const OpCall& c, const Shape& x, std::int64_t kh, std::int64_t kw, bool ceil_mode);

// Every entry, sorted by name.
const std::vector<Operator>& operators();
// The entry for an ONNX operator type, or null.
const Operator* find_operator(const std::string& op);
// Every operator's name, sorted.
std::vector<std::string> operator_names();

}  // namespace cim::ops
