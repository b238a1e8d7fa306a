// SPDX-License-Identifier: Apache-2.0
// An ONNX graph as today's PyTorch exporters write it (TorchScript: IR 8, opset 17; dynamo: IR 10,
// opset 18+, weights in a NAME.onnx.data file beside the model), read into tensors by name and
// nodes in topological order, with its float reference forward pass.
//
// Reading it (read_onnx_graph):
// - the model's IR version (3..10) and default-domain opset (9..21) are checked here, and every
//   node's operator against the operator table (nn/src/operators.cc): an operator outside
//   it is refused naming the node, as is a node of another domain;
// - initializers (float, int64, int32) and Constant nodes become constants; external data is
//   read from its file in the model's folder (a path that leaves it, an offset or length outside
//   the file, or a length that is not the tensor's, is refused);
// - the one graph input's batch dimension (the first, when symbolic) is bound to 1: a graph runs
//   one example at a time, which also fixes every shape;
// - shapes are found by running the float reference once on zeros of the input's shape, so a
//   shape that does not chain is refused naming its node before anything runs, and a node whose
//   inputs are all constants (the shape arithmetic: Shape, Gather, Slice, Concat, Unsqueeze,
//   Squeeze, Reshape, Cast, ...) is folded into a constant.
// What is left, `nodes()`, is the computation on the input.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cim/tensor.h"

namespace cim {

// A node attribute: the one field its type uses.
struct Attribute {
  std::int64_t i = 0;
  float f = 0;
  std::string s;
  std::vector<std::int64_t> ints;
  std::vector<float> floats;
  std::vector<Tensor> tensor;  // a TENSOR attribute (Constant's value): one element
};

struct GraphNode {
  std::string name;  // as in the file, or "#k OpType" when it has none
  std::string op;
  std::vector<std::string> inputs;  // "" for an optional input left out
  std::vector<std::string> outputs;
  std::map<std::string, Attribute> attributes;

  bool has(const std::string& attr) const { return attributes.count(attr) != 0; }
  std::int64_t get_int(const std::string& attr, std::int64_t fallback) const;
  float get_float(const std::string& attr, float fallback) const;
  std::vector<std::int64_t> get_ints(const std::string& attr,
                                     std::vector<std::int64_t> fallback) const;
  std::string get_string(const std::string& attr, const std::string& fallback) const;
};

class GraphReader;

class Graph {
 public:
  const std::string& input() const { return input_; }
  const std::string& output() const { return output_; }
  // The per-example shape of any value (batch 1), constants included.
  const Shape& shape(const std::string& value) const;
  const Shape& input_shape() const { return shape(input_); }
  const Shape& output_shape() const { return shape(output_); }
  // A constant by name (initializer, Constant node or folded), or null.
  const Tensor* constant(const std::string& value) const;
  // The nodes that compute on the input, in topological order.
  const std::vector<GraphNode>& nodes() const { return nodes_; }
  int opset() const { return opset_; }
  int ir_version() const { return ir_version_; }
  const std::string& path() const { return path_; }

  // The float reference: one example (input_shape()'s element count of values, row-major)
  // through every node. Returns the output tensor.
  Tensor run(const std::vector<float>& example) const;
  // Every value the run computes, by name (constants not included): for layer-by-layer checks.
  std::map<std::string, Tensor> run_all(const std::vector<float>& example) const;
  // One of nodes() on `values` (its inputs there or constants), its outputs added to them.
  void run_node(const GraphNode& n, std::map<std::string, Tensor>& values) const;

 private:
  friend class GraphReader;  // fills it in (nn/src/onnx_graph.cc)
  std::string path_, input_, output_;
  int opset_ = 0, ir_version_ = 0;
  std::map<std::string, Tensor> constants_;
  std::map<std::string, Shape> shapes_;
  std::vector<GraphNode> nodes_;
};

// Reads an ONNX file. Throws InputError naming the file and, where one is to blame, the node
// (its name and operator) or the tensor.
Graph read_onnx_graph(const std::string& path);

// The ONNX operators the graph reader takes, sorted ("Add", "AveragePool", ...).
std::vector<std::string> supported_operators();

}  // namespace cim
