// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the ONNX graph reader (read_onnx_graph) and the perceptron lowering (read_onnx) on any
// bytes. A bad model must be an InputError; a graph the reader takes must run its float reference
// on an example of its input's shape and give its output's shape; a network read_onnx takes must
// run forward() and give one value per output.
#include <cstdint>

#include "cim/array_file.h"
#include "cim/graph.h"
#include "cim/network.h"
#include "fuzz_input.h"
#include "onnx_chain.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cim::fuzz::InputFile in(data, size, ".onnx");
  try {
    const cim::Graph g = cim::read_onnx_graph(in.path());
    // Keep a run small enough for the fuzzer's pace (the reader already ran it once on zeros).
    if (cim::element_count(g.input_shape()) <= 4096) {
      const cim::Tensor y =
          g.run(std::vector<float>(std::size_t(cim::element_count(g.input_shape())), 1.0f));
      if (y.shape != g.output_shape())
        cim::fuzz::found("the float reference gave another shape than the reader found");
    }
  } catch (const cim::InputError&) {
    return 0;
  }
  cim::Network net;
  try {
    net = cim::read_onnx(in.path());
  } catch (const cim::InputError&) {
    return 0;
  }
  if (net.inputs() > 4096) return 0;
  const std::vector<float> y = net.forward(std::vector<float>(std::size_t(net.inputs()), 1.0f));
  if (int(y.size()) != net.outputs())
    cim::fuzz::found("forward() gave the wrong number of outputs");
  return 0;
}
