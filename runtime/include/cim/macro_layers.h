// SPDX-License-Identifier: Apache-2.0
// A quantized network's layers (cim/quantized_network.h) as a macro sees them: the precision of
// their requests, and their weights as stored bit patterns that soft errors can flip.
#pragma once

#include <cstdint>

#include "cim/ports.h"
#include "cim/quantized_network.h"

namespace cim {

// The precision of layer `layer`'s requests: the network's bits, its input's signedness, signed
// weights.
Precision layer_precision(const QuantizedNetwork& q, int layer);

// The network with each bit of each stored weight (its wbits-bit two's complement pattern, as the
// mapper writes it) flipped with probability `ber`, as soft errors in the macro's bitcells would
// flip them (cim/bit_flips.h). The same seed gives the same flips; each layer draws its own.
// Weights written at run time (attention's products) are not held, so not flipped.
QuantizedNetwork with_weight_bit_flips(const QuantizedNetwork& q, double ber, std::uint64_t seed);

}  // namespace cim
