// SPDX-License-Identifier: Apache-2.0
// Training a perceptron (inputs -> hidden -> classes, ReLU between) or a small CNN on a labelled
// data set, with libtorch. The only torch code of the project is behind this header
// (nn/src/train.cc, about 40 s to compile), in a module loaded on the first call, so that nothing
// else loads torch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cim/dataset.h"
#include "cim/network.h"

namespace cim {

struct TrainOptions {
  // "mlp": inputs -> hidden -> classes. "cnn", for square one-channel images (K = S x S, S even):
  // Conv3x3(1 -> channels) + BatchNorm, ReLU, MaxPool 2, Conv3x3(channels -> 2 channels) +
  // BatchNorm, ReLU, Flatten, Linear (-> classes). "resnet", for square images: a stem
  // Conv3x3(1 -> channels) + BatchNorm, ReLU, then one residual block (Conv3x3 + BatchNorm, ReLU,
  // Conv3x3 + BatchNorm, the stem's output added, ReLU), global average pooling, Linear. The
  // BatchNorms are folded into the convolutions.
  std::string arch = "mlp";
  int channels = 8;
  int hidden = 32;
  int epochs = 200;
  int batch = 32;
  double learning_rate = 3e-3;  // Adam, decayed to 0 over the epochs on a cosine
  double weight_decay = 1e-4;
  std::uint64_t seed = 1;
  // Noise-aware training: on every forward pass each weight gets Gaussian noise of this standard
  // deviation times its layer's largest |weight| (relative_weight_noise() of the analog macro at
  // the chosen settings). 0: off.
  double weight_noise = 0.0;
  // Quantization-aware training: weights fake-quantized per output channel to this many bits
  // (straight-through gradients), as the mapper will quantize them. 0: off.
  int quantize_wbits = 0;
};

// Called after each epoch with the epoch (from 1) and its mean training loss.
using TrainProgress = std::function<void(int epoch, double loss)>;

// Trains on `data` (inputs as given; scaled by 1 / their largest magnitude inside training, and
// that scale folded into the first layer, so the network takes the raw values). Same data, options
// and seed give the same network. Throws std::invalid_argument for a CNN of data that is not a
// square image of even side.
Network train_perceptron(const Dataset& data, const TrainOptions& opt,
                         const TrainProgress& progress = {});

}  // namespace cim
