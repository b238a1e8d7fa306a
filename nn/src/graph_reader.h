// SPDX-License-Identifier: Apache-2.0
// The graph reader on a model already in memory (cim/graph.h reads files): how a Network built in
// this process (training, tests) becomes a Graph.
#pragma once

#include <string>

#include "cim/graph.h"

namespace onnx {
class ModelProto;
}

namespace cim {

// The graph of `model`; `name` stands for its file in messages, and external data is looked for
// in that name's folder.
Graph graph_of_model(const onnx::ModelProto& model, const std::string& name);

}  // namespace cim
