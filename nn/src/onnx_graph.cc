// SPDX-License-Identifier: Apache-2.0
// Reading an ONNX graph (cim/graph.h) with Debian's libonnx protobuf classes only: its checker
// (1.12) refuses IR version 10, what PyTorch writes today, so what this reader relies on is
// checked here instead.
#include <onnx/onnx_pb.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "cim/operators.h"
#include "graph_reader.h"

namespace cim {

namespace fs = std::filesystem;

std::string to_string(const Shape& s) {
  std::string r = "[";
  for (std::size_t d = 0; d < s.size(); ++d) r += (d ? ", " : "") + std::to_string(s[d]);
  return r + "]";
}

std::int64_t element_count(const Shape& s) {
  constexpr std::int64_t kMax = std::int64_t(1) << 40;
  std::int64_t n = 1;
  for (std::int64_t d : s) {
    if (d < 0) throw std::length_error("shape " + to_string(s) + " has a negative dimension");
    if (d != 0 && n > kMax / d)
      throw std::length_error("shape " + to_string(s) + " has more than 2^40 elements");
    n *= d;
  }
  return n;
}

Tensor Tensor::floats(Shape shape, std::vector<float> values) {
  Tensor t;
  t.shape = std::move(shape);
  t.f = std::move(values);
  return t;
}

Tensor Tensor::ints(Shape shape, std::vector<std::int64_t> values) {
  Tensor t;
  t.type = Type::kInt64;
  t.shape = std::move(shape);
  t.i = std::move(values);
  return t;
}

Tensor Tensor::zeros(Shape shape) {
  const std::int64_t n = element_count(shape);
  return floats(std::move(shape), std::vector<float>(std::size_t(n), 0.0f));
}

std::int64_t GraphNode::get_int(const std::string& attr, std::int64_t fallback) const {
  const auto it = attributes.find(attr);
  return it == attributes.end() ? fallback : it->second.i;
}

float GraphNode::get_float(const std::string& attr, float fallback) const {
  const auto it = attributes.find(attr);
  return it == attributes.end() ? fallback : it->second.f;
}

std::vector<std::int64_t> GraphNode::get_ints(const std::string& attr,
                                              std::vector<std::int64_t> fallback) const {
  const auto it = attributes.find(attr);
  return it == attributes.end() ? fallback : it->second.ints;
}

std::string GraphNode::get_string(const std::string& attr, const std::string& fallback) const {
  const auto it = attributes.find(attr);
  return it == attributes.end() ? fallback : it->second.s;
}

const Shape& Graph::shape(const std::string& value) const {
  const auto it = shapes_.find(value);
  if (it == shapes_.end()) throw std::out_of_range("graph has no value '" + value + "'");
  return it->second;
}

const Tensor* Graph::constant(const std::string& value) const {
  const auto it = constants_.find(value);
  return it == constants_.end() ? nullptr : &it->second;
}

std::vector<std::string> supported_operators() { return ops::operator_names(); }

namespace {

constexpr int kMinIr = 3, kMaxIr = 10;
using ops::kMaxOpset;
using ops::kMinOpset;

// One step of a forward pass: the node's inputs from `values` or the constants, its outputs into
// `values`. Shared by the reader's probe run and Graph::run.
void step(const GraphNode& n, const ops::Operator& op, int opset,
          const std::map<std::string, Tensor>& constants, std::map<std::string, Tensor>& values) {
  std::vector<const Tensor*> in;
  for (const std::string& name : n.inputs) {
    if (name.empty()) {
      in.push_back(nullptr);
      continue;
    }
    const auto c = constants.find(name);
    in.push_back(c != constants.end() ? &c->second : &values.at(name));
  }
  std::vector<Tensor> out = op.eval(ops::OpCall(n, std::move(in), opset));
  for (std::size_t k = 0; k < out.size() && k < n.outputs.size(); ++k) {
    if (!n.outputs[k].empty()) values[n.outputs[k]] = std::move(out[k]);
  }
}

}  // namespace

class GraphReader {
 public:
  explicit GraphReader(const std::string& path) : path_(path), dir_(fs::path(path).parent_path()) {}

  Graph read() {
    std::ifstream f(path_, std::ios::binary);
    if (!f) throw InputError(path_ + ": cannot open (" + std::strerror(errno) + ")");
    onnx::ModelProto model;
    if (!model.ParseFromIstream(&f) || !model.has_graph())
      throw InputError(path_ + ": not an ONNX model");
    return build(model);
  }

  Graph build(const onnx::ModelProto& model) {
    Graph g;
    g.path_ = path_;
    g.ir_version_ = int(model.ir_version());
    if (model.ir_version() < kMinIr || model.ir_version() > kMaxIr) {
      fail("has IR version " + std::to_string(model.ir_version()) + " (this reader takes " +
           std::to_string(kMinIr) + " to " + std::to_string(kMaxIr) + ")");
    }
    for (const onnx::OperatorSetIdProto& o : model.opset_import()) {
      if (o.domain().empty() || o.domain() == "ai.onnx") g.opset_ = int(o.version());
    }
    if (g.opset_ < kMinOpset || g.opset_ > kMaxOpset) {
      fail(g.opset_ == 0
               ? "imports no default-domain opset"
               : "uses opset " + std::to_string(g.opset_) + " (this reader takes " +
                     std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) + ")");
    }
    const onnx::GraphProto& gp = model.graph();
    for (const onnx::TensorProto& t : gp.initializer()) {
      if (g.constants_.count(t.name())) fail("has two initializers named '" + t.name() + "'");
      g.constants_[t.name()] = tensor(t, "initializer '" + t.name() + "'");
    }
    read_input(gp, g);
    std::vector<GraphNode> nodes = read_nodes(gp, g.opset_);
    walk(order(std::move(nodes), g), g);
    if (gp.output_size() != 1)
      fail("has " + std::to_string(gp.output_size()) + " outputs (one here)");
    g.output_ = gp.output(0).name();
    if (!g.shapes_.count(g.output_)) fail("output '" + g.output_ + "' is produced by no node");
    if (g.constants_.count(g.output_))
      fail("output '" + g.output_ + "' does not depend on the input");
    return g;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw InputError(path_ + ": " + what); }

  // The tensor's element count, checked before anything is sized by it.
  std::int64_t count_of(const onnx::TensorProto& t, const std::string& what, Shape& shape) const {
    for (std::int64_t d : t.dims()) shape.push_back(d);
    try {
      return element_count(shape);
    } catch (const std::length_error& e) {
      fail(what + ": " + e.what());
    }
  }

  // The bytes of an external tensor: its file in the model's folder, offset and length checked.
  std::string external(const onnx::TensorProto& t, const std::string& what,
                       std::int64_t bytes) const {
    std::string location;
    std::int64_t offset = 0, length = -1;
    for (const onnx::StringStringEntryProto& e : t.external_data()) {
      try {
        if (e.key() == "location")
          location = e.value();
        else if (e.key() == "offset")
          offset = std::stoll(e.value());
        else if (e.key() == "length")
          length = std::stoll(e.value());
      } catch (const std::exception&) {
        fail(what + ": external data " + e.key() + " '" + e.value() + "' is not a number");
      }
    }
    if (location.empty()) fail(what + ": external data without a location");
    const fs::path rel(location);
    if (rel.is_absolute())
      fail(what + ": external data '" + location +
           "' is an absolute path (it must lie beside the model)");
    const fs::path base = fs::weakly_canonical(dir_.empty() ? fs::path(".") : dir_);
    const fs::path file = fs::weakly_canonical(base / rel);
    const std::string b = base.string() + "/";
    if (file.string().rfind(b, 0) != 0)
      fail(what + ": external data '" + location + "' leaves the model's folder");
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec)
      fail(what + ": external data file '" + location + "' cannot be read (" + ec.message() + ")");
    if (length < 0) length = bytes;
    if (offset < 0 || length != bytes || std::uintmax_t(offset) > size ||
        size - std::uintmax_t(offset) < std::uintmax_t(length)) {
      fail(what + ": external data at offset " + std::to_string(offset) + ", " +
           std::to_string(length) + " bytes, does not hold its " + std::to_string(bytes) +
           " bytes within '" + location + "' (" + std::to_string(size) + " bytes)");
    }
    std::ifstream in(file, std::ios::binary);
    std::string data(std::size_t(length), '\0');
    in.seekg(offset);
    if (!in.read(data.data(), length))
      fail(what + ": external data file '" + location + "' cannot be read");
    return data;
  }

  Tensor tensor(const onnx::TensorProto& t, const std::string& what) const {
    Shape shape;
    const std::int64_t n = count_of(t, what, shape);
    const int type = t.data_type();
    std::size_t width = 0;
    if (type == onnx::TensorProto::FLOAT || type == onnx::TensorProto::INT32)
      width = 4;
    else if (type == onnx::TensorProto::INT64)
      width = 8;
    else if (type == onnx::TensorProto::BOOL)  // held as int64 0 and 1 (cim/tensor.h)
      width = 1;
    else
      fail(what + " has data type " + std::to_string(type) +
           " (float, int32, int64 or bool here; export float32 weights)");
    std::string raw;
    const bool is_external = t.data_location() == onnx::TensorProto::EXTERNAL;
    if (is_external)
      raw = external(t, what, n * std::int64_t(width));
    else if (t.has_raw_data())
      raw = t.raw_data();
    if (is_external || t.has_raw_data()) {
      if (raw.size() != std::size_t(n) * width) {
        fail(what + " holds " + std::to_string(raw.size()) + " bytes for " + std::to_string(n) +
             " values of shape " + to_string(shape));
      }
      if (type == onnx::TensorProto::FLOAT) {
        std::vector<float> v(static_cast<std::size_t>(n));
        std::memcpy(v.data(), raw.data(), raw.size());  // little-endian, as ONNX stores it
        return Tensor::floats(shape, std::move(v));
      }
      std::vector<std::int64_t> v(static_cast<std::size_t>(n));
      for (std::size_t k = 0; k < std::size_t(n); ++k) {
        if (width == 8) {
          std::memcpy(&v[k], raw.data() + 8 * k, 8);
        } else if (width == 1) {
          v[k] = raw[k] != 0;
        } else {
          std::int32_t x;
          std::memcpy(&x, raw.data() + 4 * k, 4);
          v[k] = x;
        }
      }
      return Tensor::ints(shape, std::move(v));
    }
    const std::int64_t held = type == onnx::TensorProto::FLOAT   ? t.float_data_size()
                              : type == onnx::TensorProto::INT64 ? t.int64_data_size()
                                                                 : t.int32_data_size();
    if (held != n) {
      fail(what + " holds " + std::to_string(held) + " values for shape " + to_string(shape) +
           "'s " + std::to_string(n));
    }
    if (type == onnx::TensorProto::FLOAT)
      return Tensor::floats(shape, {t.float_data().begin(), t.float_data().end()});
    if (type == onnx::TensorProto::INT64)
      return Tensor::ints(shape, {t.int64_data().begin(), t.int64_data().end()});
    std::vector<std::int64_t> v(t.int32_data().begin(), t.int32_data().end());
    if (type == onnx::TensorProto::BOOL) {
      for (std::int64_t& b : v) b = b != 0;
    }
    return Tensor::ints(shape, std::move(v));
  }

  void read_input(const onnx::GraphProto& gp, Graph& g) const {
    const onnx::ValueInfoProto* input = nullptr;
    for (const onnx::ValueInfoProto& in : gp.input()) {
      if (g.constants_.count(in.name())) continue;  // older exporters list weights as inputs too
      if (input)
        fail("the graph has more than one input ('" + input->name() + "', '" + in.name() + "')");
      input = &in;
    }
    if (!input) fail("the graph has no input");
    const std::string what = "input '" + input->name() + "'";
    if (!input->type().has_tensor_type() ||
        input->type().tensor_type().elem_type() != onnx::TensorProto::FLOAT) {
      fail(what + " is not a float tensor");
    }
    Shape shape;
    const auto& dims = input->type().tensor_type().shape().dim();
    for (int d = 0; d < dims.size(); ++d) {
      const bool known = dims[d].has_dim_value() && dims[d].dim_value() > 0;
      if (d == 0 && dims.size() > 1) {  // the batch: one example at a time
        if (known && dims[d].dim_value() != 1) {
          fail(what + " has a fixed batch of " + std::to_string(dims[d].dim_value()) +
               " (export it with a dynamic batch or a batch of 1)");
        }
        shape.push_back(1);
      } else if (!known) {
        fail(what + " has dimension " + std::to_string(d) + " unknown (only the batch may be)");
      } else {
        shape.push_back(dims[d].dim_value());
      }
    }
    if (shape.empty()) fail(what + " has no shape");
    try {
      if (element_count(shape) > (std::int64_t(1) << 28))
        fail(what + " takes " + to_string(shape) + ", more than 2^28 values an example");
    } catch (const std::length_error& e) {
      fail(what + ": " + e.what());
    }
    g.input_ = input->name();
    g.shapes_[g.input_] = shape;
  }

  std::vector<GraphNode> read_nodes(const onnx::GraphProto& gp, int opset) const {
    std::vector<GraphNode> nodes;
    std::vector<std::string> refused;  // every node this reader cannot run, reported at once
    for (int k = 0; k < gp.node_size(); ++k) {
      const onnx::NodeProto& np = gp.node(k);
      GraphNode n;
      n.op = np.op_type();
      n.name = np.name();
      if (n.name.empty())
        n.name = std::string("#").append(std::to_string(k)).append(" ").append(n.op);
      const std::string who = "node '" + n.name + "' (" + n.op + ")";
      const ops::Operator* op = ops::find_operator(n.op);
      if (!np.domain().empty() && np.domain() != "ai.onnx") {
        refused.push_back(who + " is of domain '" + np.domain() +
                          "' (only the default ONNX domain here)");
      } else if (!op) {
        refused.push_back(who + " is not supported");
      } else if (opset < op->min_opset || opset > op->max_opset) {
        refused.push_back(who + " is taken at opsets " + std::to_string(op->min_opset) + " to " +
                          std::to_string(op->max_opset) + ", not the model's " +
                          std::to_string(opset));
      }
      if (!refused.empty()) continue;  // the rest is read once every node can run
      n.inputs.assign(np.input().begin(), np.input().end());
      n.outputs.assign(np.output().begin(), np.output().end());
      for (const onnx::AttributeProto& a : np.attribute()) {
        Attribute v;
        switch (a.type()) {
          case onnx::AttributeProto::INT:
            v.i = a.i();
            break;
          case onnx::AttributeProto::FLOAT:
            v.f = a.f();
            break;
          case onnx::AttributeProto::STRING:
            v.s = a.s();
            break;
          case onnx::AttributeProto::INTS:
            v.ints.assign(a.ints().begin(), a.ints().end());
            break;
          case onnx::AttributeProto::FLOATS:
            v.floats.assign(a.floats().begin(), a.floats().end());
            break;
          case onnx::AttributeProto::TENSOR:
            v.tensor.push_back(tensor(a.t(), who + " attribute '" + a.name() + "'"));
            break;
          default:
            fail(who + " has attribute '" + a.name() + "' of a type this reader does not take");
        }
        n.attributes[a.name()] = std::move(v);
      }
      nodes.push_back(std::move(n));
    }
    if (!refused.empty()) fail(refusal(refused));
    return nodes;
  }

  // Every node refused in one message, so that a user meets them all at once, not one by one.
  static std::string refusal(const std::vector<std::string>& refused) {
    std::string s;
    if (refused.size() > 1) s = std::to_string(refused.size()) + " nodes cannot run here: ";
    for (std::size_t k = 0; k < refused.size(); ++k) s += (k ? "; " : "") + refused[k];
    return s + " (supported: " + joined_operators() + ")";
  }

  static std::string joined_operators() {
    std::string s;
    for (const std::string& o : ops::operator_names()) s += (s.empty() ? "" : ", ") + o;
    return s;
  }

  // The nodes in an order where each comes after the producers of its inputs (Kahn's).
  std::vector<GraphNode> order(std::vector<GraphNode> nodes, const Graph& g) const {
    std::set<std::string> known{g.input_};
    for (const auto& [name, t] : g.constants_) known.insert(name);
    std::set<std::string> produced;
    for (const GraphNode& n : nodes) {
      for (const std::string& o : n.outputs) {
        if (o.empty()) continue;
        if (known.count(o) || !produced.insert(o).second) {
          fail("node '" + n.name + "' (" + n.op + ") writes '" + o +
               "', which another node or the graph already defines");
        }
      }
    }
    std::vector<GraphNode> sorted;
    std::vector<bool> done(nodes.size(), false);
    for (bool progress = true; progress;) {
      progress = false;
      for (std::size_t k = 0; k < nodes.size(); ++k) {
        if (done[k]) continue;
        bool ready = true;
        for (const std::string& in : nodes[k].inputs)
          ready = ready && (in.empty() || known.count(in));
        if (!ready) continue;
        for (const std::string& o : nodes[k].outputs) known.insert(o);
        sorted.push_back(nodes[k]);
        done[k] = progress = true;
      }
    }
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      if (done[k]) continue;
      for (const std::string& in : nodes[k].inputs) {
        if (in.empty() || known.count(in)) continue;
        fail("node '" + nodes[k].name + "' (" + nodes[k].op + ") takes '" + in + "', " +
             (produced.count(in) ? "which depends on it in a cycle"
                                 : "which no node, initializer or input gives"));
      }
    }
    return sorted;
  }

  // Folds what is constant and finds every shape by running the rest on zeros.
  void walk(std::vector<GraphNode> nodes, Graph& g) const {
    std::map<std::string, Tensor> probe;
    probe[g.input_] = Tensor::zeros(g.shapes_[g.input_]);
    for (const auto& [name, t] : g.constants_) g.shapes_[name] = t.shape;
    for (GraphNode& n : nodes) {
      const ops::Operator& op = *ops::find_operator(n.op);
      const std::string who = "node '" + n.name + "' (" + n.op + ")";
      for (int k : op.constant_inputs) {
        if (k < int(n.inputs.size()) && !n.inputs[std::size_t(k)].empty() &&
            !g.constants_.count(n.inputs[std::size_t(k)])) {
          fail(who + " input " + std::to_string(k) + " ('" + n.inputs[std::size_t(k)] +
               "') is not a constant (weights, shapes and axes must be)");
        }
      }
      bool folds = n.op == "Shape";  // the shape of anything is known here
      if (!folds) {
        folds = true;
        for (const std::string& in : n.inputs)
          folds = folds && (in.empty() || g.constants_.count(in));
      }
      try {
        step(n, op, g.opset_, g.constants_, probe);
      } catch (const InputError& e) {
        fail(e.what());
      } catch (const std::length_error& e) {
        fail(who + ": " + e.what());
      } catch (const std::out_of_range&) {
        fail(who + " has fewer inputs than it needs");
      }
      for (const std::string& o : n.outputs) {
        if (o.empty()) continue;
        const auto it = probe.find(o);
        if (it == probe.end()) fail(who + " gives no output '" + o + "'");
        g.shapes_[o] = it->second.shape;
        if (folds) {
          g.constants_[o] = std::move(it->second);
          probe.erase(it);
        }
      }
      if (!folds) g.nodes_.push_back(std::move(n));
    }
  }

  std::string path_;
  fs::path dir_;
};

std::map<std::string, Tensor> Graph::run_all(const std::vector<float>& example) const {
  const Shape& s = input_shape();
  if (std::int64_t(example.size()) != element_count(s)) {
    throw InputError(path_ + ": an example has " + std::to_string(example.size()) +
                     " values, the input " + to_string(s) + " takes " +
                     std::to_string(element_count(s)));
  }
  std::map<std::string, Tensor> values;
  values[input_] = Tensor::floats(s, example);
  for (const GraphNode& n : nodes_) run_node(n, values);
  return values;
}

Tensor Graph::run(const std::vector<float>& example) const { return run_all(example).at(output_); }

void Graph::run_node(const GraphNode& n, std::map<std::string, Tensor>& values) const {
  step(n, *ops::find_operator(n.op), opset_, constants_, values);
}

Graph read_onnx_graph(const std::string& path) { return GraphReader(path).read(); }

Graph graph_of_model(const onnx::ModelProto& model, const std::string& name) {
  return GraphReader(name).build(model);
}

}  // namespace cim
