// SPDX-License-Identifier: Apache-2.0
// ADC range calibration for the analog macro: from calibration data, the range each ADC needs.
//
// With its range at the largest possible column sum (ROWS x (2^CELL_BITS - 1) levels), an ADC of
// few bits spends its codes on sums that never occur: real column sums use a fraction of that.
// Calibration runs the calibration examples through the quantized network (the golden integer
// model), takes every column sum each ADC would convert (per weight tile, activation bit and
// column pair: the active rows' levels of that pair's slice), and picks the ADC's range as a
// power-of-two LSB, 2^k conductance levels (AnalogSettings::adc_shifts: the digital side then only
// shifts), by minimum mean-squared error: the k minimizing the sum over the sums x of
// w (q_k(x) - x)^2, q_k(x) = min(round(x / 2^k), 2^ADC_BITS - 1) x 2^k (rounding and clipping as
// the ADC does), each sum weighted by the square of its place in the result, w = 4^(activation
// bit + slice LSB); a tie goes to the wider range. Per layer, one k for every pair of every tile;
// per column, one k per column pair of each tile. The sums are the ideal array's: the rule
// measures the signal's range, not the noise.
#pragma once

#include <string>
#include <vector>

#include "cim/analog.h"
#include "cim/int_matrix.h"
#include "cim/params.h"
#include "cim/ports.h"

namespace cim {

enum class AdcCalibration { kFullRange, kLayer, kColumn };
// "full", "layer", "column": the one spelling, read by every option and report.
const char* adc_calibration_name(AdcCalibration c);
// Throws std::invalid_argument naming the three spellings when `name` is none of them.
AdcCalibration parse_adc_calibration(const std::string& name);

// One layer's ADC shifts: per weight tile in the mapper's order (column tiles outer, row tiles
// inner), every column pair's (col x slices + slice). `inputs` (M x K) are the layer's requests'
// activations on the calibration data at precision `prec`, `weights` (K x N) its weights. With
// kFullRange every pair gets adc_shift_for_range(p, a, 1).
std::vector<std::vector<int>> calibrate_adc_ranges(const IntMatrix& inputs,
                                                   const IntMatrix& weights, const Precision& prec,
                                                   const Params& p, const AnalogParams& a,
                                                   AdcCalibration mode);

}  // namespace cim
