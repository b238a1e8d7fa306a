// SPDX-License-Identifier: Apache-2.0
// train_perceptron(): loads the torch module (nn/src/train.cc) on first use.
#include <dlfcn.h>

#include <stdexcept>
#include <string>

#include "cim/train.h"

namespace cim {

namespace {

using TrainFn = void (*)(const Dataset*, const TrainOptions*, const TrainProgress*, Network*,
                         std::string*);

TrainFn load() {
  // Never unloaded: torch registers process-wide state when it loads.
  void* module = dlopen(CIM_TORCH_TRAIN_MODULE, RTLD_NOW | RTLD_LOCAL);
  if (!module)
    throw std::runtime_error(std::string("cannot load the training module: ") + dlerror());
  void* fn = dlsym(module, "cim_torch_train");
  if (!fn)
    throw std::runtime_error(std::string("the training module lacks cim_torch_train: ") +
                             dlerror());
  return reinterpret_cast<TrainFn>(fn);
}

}  // namespace

Network train_perceptron(const Dataset& data, const TrainOptions& opt,
                         const TrainProgress& progress) {
  static const TrainFn train = load();
  Network net;
  std::string error;
  train(&data, &opt, &progress, &net, &error);
  if (!error.empty()) throw std::invalid_argument(error);
  return net;
}

}  // namespace cim
