// SPDX-License-Identifier: Apache-2.0
#include "cim/mapper.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cim/mvm.h"

namespace cim {

std::uint32_t raw_bits(std::int64_t v, int bits) {
  return std::uint32_t(std::uint64_t(v) & ((std::uint64_t(1) << bits) - 1));
}

namespace {

std::uint64_t ceil_log2(std::uint64_t k) {
  std::uint64_t b = 0;
  while ((std::uint64_t(1) << b) < k) ++b;
  return b;
}

}  // namespace

DataMovement& DataMovement::operator+=(const DataMovement& o) {
  for (std::uint64_t DataMovement::*field :
       {&DataMovement::macs, &DataMovement::tiles, &DataMovement::rows_written,
        &DataMovement::requests, &DataMovement::weight_bits_written, &DataMovement::reloads,
        &DataMovement::reload_cycles, &DataMovement::activation_bits_in,
        &DataMovement::result_bits_out, &DataMovement::write_cycles, &DataMovement::compute_cycles,
        &DataMovement::hidden_write_cycles, &DataMovement::von_neumann_weight_bits,
        &DataMovement::von_neumann_activation_bits, &DataMovement::von_neumann_result_bits}) {
    this->*field += o.*field;
  }
  return *this;
}

Mapper::Mapper(Driver& drv, const Precision& prec)
    : drv_(drv), p_(drv.macro().params()), prec_(prec) {
  if (!precision_in_range(p_, prec)) {
    throw std::invalid_argument("precision " + std::to_string(prec.abits) + "-bit activations x " +
                                std::to_string(prec.wbits) + "-bit weights is out of range for " +
                                p_.name() + " (abits 1.." + std::to_string(p_.abits) +
                                ", wbits 1.." + std::to_string(p_.wbits) + ")");
  }
}

void Mapper::check_values(const IntMatrix& m, int bits, bool is_signed, const char* what) const {
  const std::int64_t lo = is_signed ? -(std::int64_t(1) << (bits - 1)) : 0;
  const std::int64_t hi =
      is_signed ? (std::int64_t(1) << (bits - 1)) - 1 : (std::int64_t(1) << bits) - 1;
  for (int r = 0; r < m.rows(); ++r) {
    for (int c = 0; c < m.cols(); ++c) {
      if (m.at(r, c) < lo || m.at(r, c) > hi) {
        throw std::invalid_argument(std::string(what) + "[" + std::to_string(r) + "][" +
                                    std::to_string(c) + "] = " + std::to_string(m.at(r, c)) +
                                    " does not fit " + std::to_string(bits) + "-bit " +
                                    (is_signed ? "signed" : "unsigned") + " (" +
                                    std::to_string(lo) + ".." + std::to_string(hi) + ")");
      }
    }
  }
}

IntMatrix Mapper::run(const IntMatrix& weights, const IntMatrix& inputs) {
  check_product(weights, inputs);
  IntMatrix out(inputs.rows(), weights.cols());
  std::vector<std::pair<int, int>> tiles;  // (k0, n0), in order
  for (int n0 = 0; n0 < weights.cols(); n0 += p_.cols) {
    for (int k0 = 0; k0 < weights.rows(); k0 += p_.rows) tiles.emplace_back(k0, n0);
  }
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    const auto [k0, n0] = tiles[t];
    const int wset = int(t % std::size_t(p_.wsets));
    if (t == 0 || p_.wsets == 1) {
      load_tile(weights, k0, n0, false, wset);
    } else {
      // Queued while the previous tile computed: what is left goes out now, stalling.
      const std::uint64_t start = drv_.macro().cycle();
      drv_.drain_writes();
      moved_.write_cycles += drv_.macro().cycle() - start;
    }
    if (p_.wsets > 1 && t + 1 < tiles.size()) {
      const auto [k1, n1] = tiles[t + 1];
      const std::vector<std::vector<std::uint32_t>> rows = tile_rows(weights, k1, n1);
      for (std::size_t r = 0; r < rows.size(); ++r)
        drv_.queue_write(int(r), rows[r], int((t + 1) % std::size_t(p_.wsets)));
      count_tile(rows.size());
      const std::size_t queued = drv_.queued_writes();
      stream_tile(inputs, k0, n0, out, wset);
      moved_.hidden_write_cycles += queued - drv_.queued_writes();
    } else {
      stream_tile(inputs, k0, n0, out, wset);
    }
    if (on_tile_) on_tile_(moved_.requests);
  }
  return out;
}

std::vector<std::vector<std::uint32_t>> Mapper::tile_rows(const IntMatrix& weights, int k0,
                                                          int n0) const {
  const int rows = std::min(p_.rows, weights.rows() - k0);
  const int cols = std::min(p_.cols, weights.cols() - n0);
  std::vector<std::vector<std::uint32_t>> out(std::size_t(rows),
                                              std::vector<std::uint32_t>(std::size_t(p_.cols), 0));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c)
      out[std::size_t(r)][std::size_t(c)] = raw_bits(weights.at(k0 + r, n0 + c), prec_.wbits);
  }
  return out;
}

void Mapper::count_tile(std::uint64_t rows) {
  ++moved_.tiles;
  moved_.rows_written += rows;
  moved_.weight_bits_written += rows * std::uint64_t(p_.cols * prec_.wbits);
}

void Mapper::check_product(const IntMatrix& weights, const IntMatrix& inputs) {
  if (inputs.cols() != weights.rows()) {
    throw std::invalid_argument("inputs have " + std::to_string(inputs.cols()) +
                                " values a vector, the weights " + std::to_string(weights.rows()) +
                                " rows");
  }
  check_values(weights, prec_.wbits, prec_.wsigned, "weights");
  check_values(inputs, prec_.abits, prec_.asigned, "inputs");
  const std::uint64_t m = std::uint64_t(inputs.rows()), k = std::uint64_t(weights.rows()),
                      n = std::uint64_t(weights.cols());
  moved_.macs += m * k * n;
  moved_.von_neumann_weight_bits += m * k * n * std::uint64_t(prec_.wbits);
  moved_.von_neumann_activation_bits += m * k * std::uint64_t(prec_.abits);
  moved_.von_neumann_result_bits +=
      m * n * (std::uint64_t(prec_.abits + prec_.wbits) + ceil_log2(k));
}

void Mapper::load_tile(const IntMatrix& weights, int k0, int n0, bool reload, int wset) {
  const std::uint64_t start = drv_.macro().cycle();
  const std::vector<std::vector<std::uint32_t>> rows = tile_rows(weights, k0, n0);
  for (std::size_t r = 0; r < rows.size(); ++r) drv_.write_row(int(r), rows[r], wset);
  count_tile(rows.size());
  moved_.write_cycles += drv_.macro().cycle() - start;
  if (reload) {
    ++moved_.reloads;
    moved_.reload_cycles += drv_.macro().cycle() - start;
  }
}

void Mapper::stream_tile(const IntMatrix& inputs, int k0, int n0, IntMatrix& out, int wset) {
  const std::uint64_t start = drv_.macro().cycle();
  const int rows = std::min(p_.rows, inputs.cols() - k0);
  const int cols = std::min(p_.cols, out.cols() - n0);
  std::vector<Request> reqs(std::size_t(inputs.rows()));
  for (int m = 0; m < inputs.rows(); ++m) {
    Request& req = reqs[std::size_t(m)];
    req.prec = prec_;
    req.wset = wset;
    req.act.assign(std::size_t(p_.rows), 0);
    for (int r = 0; r < rows; ++r)
      req.act[std::size_t(r)] = raw_bits(inputs.at(m, k0 + r), prec_.abits);
  }
  const std::vector<Response> rsps = drv_.stream(reqs);
  for (int m = 0; m < inputs.rows(); ++m) {
    const Response& rsp = rsps[std::size_t(m)];
    if (rsp.err) {
      throw std::runtime_error("the macro answered input vector " + std::to_string(m) +
                               " with rsp_err_o (precision not computed by this backend)");
    }
    for (int c = 0; c < cols; ++c) out.at(m, n0 + c) += rsp.data[std::size_t(c)];
  }
  moved_.requests += std::uint64_t(inputs.rows());
  moved_.activation_bits_in += std::uint64_t(inputs.rows()) * std::uint64_t(p_.rows * prec_.abits);
  moved_.result_bits_out += std::uint64_t(inputs.rows()) * std::uint64_t(p_.cols * p_.outw());
  moved_.compute_cycles += drv_.macro().cycle() - start;
}

}  // namespace cim
