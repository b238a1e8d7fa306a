// SPDX-License-Identifier: Apache-2.0
// Mapper: any K x N integer weight matrix on a macro of ROWS x COLS, through its ports.
//
// Weight-stationary tiling: N is cut into COLS-wide column tiles and K into ROWS-high row tiles;
// each tile's weights are written once through the write port, then every input vector's slice
// of K is streamed as requests (rows past K carry zero activations, so whatever a row holds from
// an earlier tile adds nothing), and the responses of the row tiles are added digitally: the
// partial-sum adder a real accelerator puts beside the macro. Every handshake is the Driver's.
// On a macro with weight sets (WSETS > 1), run() takes the tiles round the sets and writes the
// next tile's rows into its set while the current tile computes: those writes cost the compute no
// cycle (DataMovement::hidden_write_cycles counts what a one-set macro would stall for them).
//
// It counts what the memory wall is about (DataMovement), beside the bits a von Neumann MAC
// engine would move for the same work.
#pragma once

#include <cstdint>
#include <functional>

#include "cim/int_matrix.h"
#include "cim/ports.h"
#include "driver.h"

namespace cim {

// A value as the ports carry it: its low `bits` bits (two's complement when negative).
std::uint32_t raw_bits(std::int64_t v, int bits);

// What one or more runs moved and spent. Macro figures count port bits at the request's
// precision: a written row is COLS x wbits bits, a request ROWS x abits, a response COLS x OUTW.
struct DataMovement {
  std::uint64_t macs = 0;          // useful multiply-accumulates: M x K x N
  std::uint64_t tiles = 0;         // weight tiles loaded
  std::uint64_t rows_written = 0;  // write-port transfers
  std::uint64_t requests = 0;      // MVM requests (= responses)
  std::uint64_t weight_bits_written = 0;
  std::uint64_t activation_bits_in = 0;
  std::uint64_t result_bits_out = 0;
  std::uint64_t reloads = 0;         // tiles loaded again (more tiles than macros to hold them)
  std::uint64_t write_cycles = 0;    // clock cycles spent loading weights
  std::uint64_t reload_cycles = 0;   // ... of which reloading: compute stalled for weights
  std::uint64_t compute_cycles = 0;  // clock cycles spent streaming requests to the last response
  std::uint64_t hidden_write_cycles =
      0;  // rows written while computing (weight sets): the stalls saved
  // A von Neumann MAC engine doing the same work: every weight fetched for every input vector
  // (M x K x N x wbits), each input vector read once (M x K x abits), each result written once
  // (M x N x (abits + wbits + ceil(log2 K)) bits, an exact dot product's width).
  std::uint64_t von_neumann_weight_bits = 0;
  std::uint64_t von_neumann_activation_bits = 0;
  std::uint64_t von_neumann_result_bits = 0;

  std::uint64_t macro_bits() const {
    return weight_bits_written + activation_bits_in + result_bits_out;
  }
  std::uint64_t von_neumann_bits() const {
    return von_neumann_weight_bits + von_neumann_activation_bits + von_neumann_result_bits;
  }
  double macs_per_compute_cycle() const {
    return compute_cycles ? double(macs) / double(compute_cycles) : 0.0;
  }
  DataMovement& operator+=(const DataMovement& o);
};

class Mapper {
 public:
  // Runs on the macro behind `drv` (reset and ready) at precision `prec`, which must be one the
  // macro computes; throws std::invalid_argument otherwise.
  Mapper(Driver& drv, const Precision& prec);

  // inputs (M x K) times weights (K x N): the M x N results, as the macro computed them. Throws
  // std::invalid_argument when K differs or a value does not fit the precision (naming its row and
  // column), std::runtime_error when the macro answers a request with rsp_err_o.
  IntMatrix run(const IntMatrix& weights, const IntMatrix& inputs);

  // Called after each tile with the requests answered so far (since construction).
  void on_tile(std::function<void(std::uint64_t requests)> f) { on_tile_ = std::move(f); }

  // The steps of run(), for a caller that spreads one product's tiles over several macros
  // (cim/network_run.h): check_product once (shapes and values; counts the MACs and the von
  // Neumann engine's bits), then on each tile's macro load_tile (unless it holds the tile already)
  // and stream_tile, which adds the tile's partial sums into `out` (M x N).
  void check_product(const IntMatrix& weights, const IntMatrix& inputs);
  // wset: the weight set the tile goes to and is computed with (< Params::wsets).
  void load_tile(const IntMatrix& weights, int k0, int n0, bool reload = false, int wset = 0);
  void stream_tile(const IntMatrix& inputs, int k0, int n0, IntMatrix& out, int wset = 0);

  // Everything moved and spent since construction.
  const DataMovement& movement() const { return moved_; }
  const Precision& precision() const { return prec_; }

 private:
  void check_values(const IntMatrix& m, int bits, bool is_signed, const char* what) const;
  // The tile's rows as raw port words, one write each.
  std::vector<std::vector<std::uint32_t>> tile_rows(const IntMatrix& weights, int k0, int n0) const;
  void count_tile(std::uint64_t rows);

  Driver& drv_;
  Params p_;
  Precision prec_;
  DataMovement moved_;
  std::function<void(std::uint64_t)> on_tile_;
};

}  // namespace cim
