// SPDX-License-Identifier: Apache-2.0
// libFuzzer: read_onnx() on any bytes. A bad model must be an InputError; a good one must run
// forward() on an input of its width and give one value per output.
#include <cstdint>

#include "cim/array_file.h"
#include "cim/network.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cim::fuzz::InputFile in(data, size, ".onnx");
  cim::Network net;
  try {
    net = cim::read_onnx(in.path());
  } catch (const cim::InputError&) {
    return 0;
  }
  // A network this reader accepts is one the mapper can place: keep it small enough to run.
  if (net.inputs() > 4096) return 0;
  const std::vector<float> y = net.forward(std::vector<float>(std::size_t(net.inputs()), 1.0f));
  if (int(y.size()) != net.outputs()) cim::fuzz::found("forward() gave the wrong number of outputs");
  return 0;
}
