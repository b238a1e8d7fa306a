// SPDX-License-Identifier: Apache-2.0
// cim_analog_crossbar: behavioral model of the analog crossbar (real-valued, not synthesizable;
// synthesis sees it as a blackbox).
//
// ROWS x COLS weights, each on Slices conductance pairs (G+, G-): the WBITS-1 low bits in
// CELL_BITS-bit levels on G+, the two's-complement MSB alone on G-. An active wordline puts
// v_read on its row; each device adds v_read x G to its bitline (first-order IR drop optional);
// each pair's difference goes to one of the ADCs, ADC_SHARE pairs per ADC, phase_i selecting which
// pair each ADC converts this cycle. codes_o carries, per pair of this phase, code x 2^shift (the
// ADC LSB in conductance levels), 0 for the other pairs. Combinational from wl_i and phase_i.
//
// Programming of a write accepted at a rising edge (prog_i) takes effect at the next falling edge; rd_data_o is the row rd_row_i read back by
// quantizing each pair's conductance difference to a level. Settings come from +plusargs at time
// 0 (+cim_seed=, +cim_prog_noise=, ..., +cim_faults=<fault map>, +cim_adc_shifts=<ADC ranges>:
// docs/analog.md), so nothing is rebuilt to change them; a bad value stops the simulation with a
// message naming it.
//
// Every formula, random draw and floating-point operation order matches golden/src/analog.cc,
// which the tests hold equal to this model on every ADC code: change both together.
`include "cim_pkg.sv"  // its width functions
module cim_analog_crossbar #(
  parameter int ROWS      = 64,
  parameter int COLS      = 16,
  parameter int WBITS     = 8,
  parameter int CELL_BITS = 2,
  parameter int ADC_BITS  = 8,
  parameter int ADC_SHARE = 1,
  localparam int Slices   = (WBITS - 1 + CELL_BITS - 1) / CELL_BITS + 1,
  localparam int Pairs    = COLS * Slices,
  localparam int Devices  = ROWS * Pairs * 2,
  localparam int Adcs     = (Pairs + ADC_SHARE - 1) / ADC_SHARE,
  localparam int RowW     = cim_pkg::vbits(ROWS),
  localparam int PhW      = cim_pkg::vbits(ADC_SHARE),
  localparam int CodeW    = cim_pkg::adc_code_w(ROWS, CELL_BITS)
) (
  input  logic                   clk_i,
  input  logic                   prog_i,
  input  logic [RowW-1:0]        prog_row_i,
  input  logic [COLS*WBITS-1:0]  prog_data_i,
  input  logic [RowW-1:0]        rd_row_i,
  output logic [COLS*WBITS-1:0]  rd_data_o,
  input  logic [ROWS-1:0]        wl_i,
  input  logic [PhW-1:0]         phase_i,
  input  logic                   conv_i,
  output logic [Pairs*CodeW-1:0] codes_o
);
`ifndef SYNTHESIS
  localparam bit [63:0] KProg = 64'd1, KStuck = 64'd2, KNu = 64'd3, KRead = 64'd4,
                        KAdcOffset = 64'd5, KAdcGain = 64'd6;
  localparam int MaxLevel = (1 << CELL_BITS) - 1;

  // Settings: the generated declarations with their defaults and read_settings() (+plusargs),
  // then the seed and the fault map.
`include "analog/cim_analog_settings.svh"
  longint unsigned seed = 1;
  string fault_map = "";

  real g_step, comp;
  int  shift [Pairs];  // per pair: its ADC's LSB is 2^shift conductance levels
  string adc_shift_file = "";
  real g_prog [Devices];
  real drift_factor [Devices];
  byte stuck [Devices];  // 0 none, 1 Gmin, 2 Gmax
  real adc_gain [Adcs];
  real adc_offset [Adcs];
  longint unsigned writes = 0, conversions = 0;
  // Bumped after each programming, for Icarus: its always_comb cannot take a sensitivity to the
  // real arrays read_row() reads (vvp aborts), so there the read port lists this instead.
  longint unsigned array_version = 0;

  function automatic longint unsigned mix(longint unsigned x);
    longint unsigned z;
    z = x + 64'h9E3779B97F4A7C15;
    z = (z ^ (z >> 30)) * 64'hBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 64'h94D049BB133111EB;
    return z ^ (z >> 31);
  endfunction

  function automatic longint unsigned rng_key(longint unsigned purpose, longint unsigned i,
                                              longint unsigned j);
    return mix(mix(mix(seed ^ (purpose << 56)) ^ i) ^ j);
  endfunction

  function automatic real uniform(longint unsigned k);
    return (real'(k >> 11) + 0.5) * 1.1102230246251565e-16;  // 2^-53
  endfunction

  function automatic real gaussian(longint unsigned purpose, longint unsigned i,
                                   longint unsigned j);
    longint unsigned k;
    real u1, u2;
    k  = rng_key(purpose, i, j);
    u1 = uniform(k);
    u2 = uniform(mix(k));
    return $sqrt(-2.0 * $ln(u1)) * $cos(6.283185307179586 * u2);
  endfunction

  function automatic int device(int row, int col, int slice, int negative);
    return ((row * COLS + col) * Slices + slice) * 2 + negative;
  endfunction

  function automatic int slice_lsb(int s);
    return (s == Slices - 1) ? WBITS - 1 : s * CELL_BITS;
  endfunction

  function automatic int slice_width(int s);
    int w;
    w = WBITS - 1 - s * CELL_BITS;
    return (s == Slices - 1) ? 1 : (w < CELL_BITS) ? w : CELL_BITS;
  endfunction

  // A device's conductance now: stuck, or as programmed and drifted.
  function automatic real effective(int row, int col, int slice, int negative);
    int d;
    d = device(row, col, slice, negative);
    if (d < 0 || d >= Devices) $fatal(1, "cim_analog_crossbar: device %0d out of range", d);
    if (stuck[d] == 8'd1) return g_min;
    if (stuck[d] == 8'd2) return g_max;
    return g_prog[d] * drift_factor[d];
  endfunction

  // The conductances as the bitlines see them, kept current after every change: a bitline's ROWS
  // devices side by side from bl_index(0, col, slice, negative), so a conversion reads them in a
  // run. Sized to a power of two so that a BlIdxW-bit index needs no range check (Verilator
  // checks every other one, which made conversions 2x slower); Icarus takes no 2-D real array.
  localparam int BlIdxW = cim_pkg::vbits(Devices);
  real g_bl [1 << BlIdxW];

  function automatic logic [BlIdxW-1:0] bl_index(int row, int col, int slice, int negative);
    return BlIdxW'(((col * Slices + slice) * 2 + negative) * ROWS + row);
  endfunction

  function automatic real conductance(int row, int col, int slice, int negative);
    return g_bl[bl_index(row, col, slice, negative)];
  endfunction

  function automatic real prog_sigma(real g_t);
    real u, poly;
    u    = g_t / g_max;
    poly = prog_c2 * u * u + prog_c1 * u + prog_c0 + prog_c3 * u * u * u + prog_c4 * u * u * u * u;
    return prog_scale * ((poly > 0.0) ? poly : 0.0) * (g_max / prog_g_ref);
  endfunction

  function automatic real drift_time();
    return (drift_t > drift_t0) ? drift_t : drift_t0;
  endfunction

  // Opens a file of the settings for reading, or stops the simulation naming it.
  task automatic open_or_stop(input string path, input string what, output int fd);
    fd = $fopen(path, "r");
    if (fd == 0) $fatal(1, "cim_analog_crossbar: cannot open %0s %0s", what, path);
  endtask

  // The next line of file fd, its '#' comment cut off, as a string, and its number (counting
  // from the 1 of the first call); got 0 at the end of the file.
  // $fgets leaves the line in a reg, last character in the low byte and NUL bytes above it: the
  // $sscanf of Verilator stops at them (matching nothing), that of Icarus skips them; the string
  // has none. (A task: Icarus takes no output argument of a function.)
  // (Verilator 5.006's lint counts the fd that $fgets reads as unused.)
  /* verilator lint_off UNUSEDSIGNAL */
  task automatic next_line(input int fd, output int got, output string line, inout int number);
  /* verilator lint_on UNUSEDSIGNAL */
    logic [8*256-1:0] text;  // Icarus' $fgets wants a reg
    int comment;
    text = '0;
    line = "";
    got = $fgets(text, fd);
    number = number + 1;
    comment = -1;
    for (int i = 0; i < 256; i++) begin
      if (text[8*i +: 8] == "#") comment = i;  // the highest byte is the first '#'
    end
    if (comment >= 0) text = text >> (8 * (comment + 1));
    for (int i = 255; i >= 0; i--) begin
      if (text[8*i +: 8] != 8'd0) line = $sformatf("%s%c", line, text[8*i +: 8]);
    end
  endtask

  // The fault map in its documented format (docs/analog.md): "row col slice +|- min|max" a line,
  // '#' starting a comment. A line that is not one stops the simulation naming file and line.
  task automatic read_fault_map;
    int fd, got, n, line, row, col, slice;
    string text;
    logic [31:0] sign, state;
    open_or_stop(fault_map, "fault map", fd);
    line = 0;
    next_line(fd, got, text, line);
    while (got != 0) begin
      sign = '0;
      state = '0;
      n = $sscanf(text, "%d %d %d %s %s", row, col, slice, sign, state);
      if (n > 0 && (n != 5 || row < 0 || row >= ROWS || col < 0 || col >= COLS || slice < 0 ||
          slice >= Slices || (sign != "+" && sign != "-") || (state != "min" && state != "max"))) begin
        $fatal(1, "cim_analog_crossbar: %s:%0d: not 'row col slice +|- min|max' in range: %0s",
               fault_map, line, text);
      end
      if (n == 5) stuck[device(row, col, slice, (sign == "-") ? 1 : 0)] = (state == "min") ? 8'd1 : 8'd2;
      next_line(fd, got, text, line);
    end
    $fclose(fd);
  endtask

  // The calibrated ADC ranges in their documented format (docs/analog.md): "col slice shift" a
  // line, '#' starting a comment; a pair not listed keeps adc_range's shift. A line that is not one
  // stops the simulation naming file and line.
  task automatic read_adc_shifts(int most);
    int fd, got, n, line, col, slice, k;
    string text;
    open_or_stop(adc_shift_file, "ADC range file", fd);
    line = 0;
    next_line(fd, got, text, line);
    while (got != 0) begin
      n = $sscanf(text, "%d %d %d", col, slice, k);
      if (n > 0 && (n != 3 || col < 0 || col >= COLS || slice < 0 || slice >= Slices || k < 0 ||
          k > most)) begin
        $fatal(1, "cim_analog_crossbar: %s:%0d: not 'col slice shift' in range (shift 0..%0d): %0s",
               adc_shift_file, line, most, text);
      end
      if (n == 3) shift[col * Slices + slice] = k;
      next_line(fd, got, text, line);
    end
    $fclose(fd);
  endtask

  // The finest power-of-two LSB whose full scale covers `range` of the largest column sum.
  function automatic int shift_for_range(real range);
    real full_scale, codes;
    int  k;
    full_scale = range * $itor(ROWS) * $itor(MaxLevel);
    codes = $itor((1 << ADC_BITS) - 1);
    k = 0;
    while (codes * real'(64'd1 << k) < full_scale) k = k + 1;
    return k;
  endfunction

  initial begin
    real nu;
    if ($value$plusargs("cim_seed=%h", seed)) begin end  // hex: all 64 bits survive
    read_settings();
    if (!(g_min < g_max)) $fatal(1, "cim_analog_crossbar: setting g_min must be below g_max");
    if ($value$plusargs("cim_faults=%s", fault_map)) begin end
    if ($value$plusargs("cim_adc_shifts=%s", adc_shift_file)) begin end

    g_step = (g_max - g_min) / $itor(MaxLevel);
    for (int q = 0; q < Pairs; q++) shift[q] = shift_for_range(adc_range);
    if (adc_shift_file != "") read_adc_shifts(shift_for_range(1.0));

    for (int d = 0; d < Devices; d++) begin
      g_prog[d] = g_min;
      drift_factor[d] = 1.0;
      stuck[d] = 8'd0;
      if (stuck_rate > 0.0 && uniform(rng_key(KStuck, longint'(d), 0)) < stuck_rate) begin
        stuck[d] = (uniform(rng_key(KStuck, longint'(d), 1)) < 0.5) ? 8'd1 : 8'd2;
      end
      if (drift != 0) begin
        nu = drift_nu_mean + drift_nu_std * gaussian(KNu, longint'(d), 0);
        drift_factor[d] = $pow(drift_time() / drift_t0, -nu);
      end
    end
    if (fault_map != "") read_fault_map();
    for (int r = 0; r < ROWS; r++)
      for (int c = 0; c < COLS; c++)
        for (int sl = 0; sl < Slices; sl++)
          for (int negative = 0; negative < 2; negative++)
            g_bl[bl_index(r, c, sl, negative)] = effective(r, c, sl, negative);
    comp = 1.0;
    if (drift != 0 && drift_comp != 0) comp = $pow(drift_time() / drift_t0, drift_nu_mean);
    for (int k = 0; k < Adcs; k++) begin
      adc_gain[k]   = adc_gain_sigma * gaussian(KAdcGain, longint'(k), 0);
      adc_offset[k] = adc_offset_sigma * gaussian(KAdcOffset, longint'(k), 0);
    end
  end

  // Programming: a device's target level, plus programming noise keyed by the write.
  function automatic real programmed(int row, int c, int s, int negative, logic [WBITS-1:0] w,
                                     longint unsigned write_index);
    int  level;
    real g_t;
    level = (int'(w) >> slice_lsb(s)) & ((1 << slice_width(s)) - 1);
    g_t   = g_min + $itor(((negative == 1) == (s == Slices - 1)) ? level : 0) * g_step;
    if (prog_noise == 0) return g_t;
    return g_t + prog_sigma(g_t) * gaussian(KProg, longint'(device(row, c, s, negative)), write_index);
  endfunction

  // A write accepted at a rising edge programs its devices at the following falling edge: the
  // array changes between the edge and the next cycle's evaluation, as in the golden model, and
  // never while the same edge samples codes_o or rd_data_o (blocking updates of g_prog at the
  // rising edge would race with them; Verilator 5.006 cannot schedule non-blocking assignments to
  // array elements inside loops).
  logic                  prog_q = 1'b0;
  logic [RowW-1:0]       prog_row_q;
  logic [COLS*WBITS-1:0] prog_data_q;
  longint unsigned       prog_index_q;

  always @(posedge clk_i) begin
    prog_q <= prog_i;
    if (prog_i) begin
      prog_row_q   <= prog_row_i;
      prog_data_q  <= prog_data_i;
      prog_index_q <= writes;
      writes       <= writes + 1;
    end
    if (conv_i) conversions <= conversions + 1;
  end

  // The ADCs convert after any programming, at the falling edge, from the wordlines and phase the
  // rising edge set up (flops in the periphery): the codes are ready for the next rising edge,
  // and each cycle converts once, where a combinational block would convert at both edges.
  always @(negedge clk_i) begin
    /* verilator lint_off BLKSEQ */
    if (prog_q) begin
      for (int c = 0; c < COLS; c++) begin
        for (int s = 0; s < Slices; s++) begin
          for (int negative = 0; negative < 2; negative++) begin
            g_prog[device(int'(prog_row_q), c, s, negative)] =
                programmed(int'(prog_row_q), c, s, negative, prog_data_q[c*WBITS +: WBITS],
                           prog_index_q);
            g_bl[bl_index(int'(prog_row_q), c, s, negative)] =
                effective(int'(prog_row_q), c, s, negative);
          end
        end
      end
      array_version = array_version + 1;
    end
    codes_o = '0;
    for (int q = 0; q < Pairs; q++) begin
      if (q % ADC_SHARE == int'(phase_i)) codes_o[q*CodeW +: CodeW] = CodeW'(convert_pair(q, wl_i, conversions));
    end
    /* verilator lint_on BLKSEQ */
  end

  // Read-back: each pair's conductance difference quantized to a level.
  function automatic logic [COLS*WBITS-1:0] read_row(int row);
    logic [COLS*WBITS-1:0] raw;
    raw = '0;
    if (row >= ROWS) return raw;  // the periphery answers missing rows with zero
    for (int c = 0; c < COLS; c++) begin
      for (int s = 0; s < Slices; s++) begin
        real diff, level, max_level;
        diff = conductance(row, c, s, 0) - conductance(row, c, s, 1);
        if (s == Slices - 1) diff = -diff;
        max_level = $itor((1 << slice_width(s)) - 1);
        level = diff / g_step;
        level = (level < 0.0) ? 0.0 : (level > max_level) ? max_level : level;
        raw[c*WBITS +: WBITS] = raw[c*WBITS +: WBITS] | (WBITS'(longint'(level)) << slice_lsb(s));
      end
    end
    return raw;
  endfunction

  // One pair's conversion: bitline currents with first-order IR drop (each cell's current at the
  // full read voltage flows down through r_wire per segment to the ADC below the last row; the
  // drop at a cell's node lowers that cell's own current; summed from the bottom row up), read
  // noise, drift compensation, ADC gain and offset, clipping, rounding. Returns code x 2^shift.
  function automatic longint convert_pair(int q, logic [ROWS-1:0] wl, longint unsigned conv);
    real current [2];
    real g [ROWS];
    real cell_ua [ROWS];
    real below [ROWS];
    real noise_var, through, drop, diff, x, code_max, ua, lsb_ua;
    int  col, s;
    logic [BlIdxW-1:0] base;
    col = q / Slices;
    s   = q % Slices;
    current[0] = 0.0;
    current[1] = 0.0;
    noise_var  = 0.0;
    for (int negative = 0; negative < 2; negative++) begin
      base = bl_index(0, col, s, negative);
      if (r_wire == 0.0) begin
        // No IR drop: the same sums term for term, in the same order, over the active rows only,
        // the read noise's variance in the same pass (as golden/src/analog.cc does).
        for (int r = ROWS - 1; r >= 0; r--) begin
          if (wl[r]) begin
            ua                = v_read * g_bl[base + BlIdxW'(r)];
            current[negative] = current[negative] + ua;
            noise_var         = noise_var + ua * ua;
          end
        end
      end else begin
        through = 0.0;
        for (int r = 0; r < ROWS; r++) begin
          g[r]       = g_bl[base + BlIdxW'(r)];
          cell_ua[r] = wl[r] ? v_read * g[r] : 0.0;
          noise_var  = noise_var + cell_ua[r] * cell_ua[r];
          through    = through + cell_ua[r];
          below[r]   = through;
        end
        drop = 0.0;
        for (int r = ROWS - 1; r >= 0; r--) begin
          drop = drop + below[r];
          if (wl[r]) begin
            current[negative] = current[negative] +
                                (v_read - r_wire * drop * 1e-6) * g[r];
          end
        end
      end
    end
    diff = current[0] - current[1];
    if (s == Slices - 1) diff = -diff;  // the MSB pair's inputs are swapped at the ADC
    if (read_noise != 0) diff = diff + read_sigma * $sqrt(noise_var) * gaussian(KRead, conv, longint'(q));
    diff = diff * comp;
    lsb_ua = v_read * g_step * real'(64'd1 << shift[q]);
    x    = diff / lsb_ua * (1.0 + adc_gain[q / ADC_SHARE]) + adc_offset[q / ADC_SHARE];
    code_max = $itor((1 << ADC_BITS) - 1);
    x    = (x < 0.0) ? 0.0 : (x > code_max) ? code_max : x;
    return longint'(x) << shift[q];
  endfunction

  // In Icarus, until the first programming or row change rd_data_o is X where Verilator reads 0.
`ifdef __ICARUS__
  always @(rd_row_i or array_version) begin
`else
  always_comb begin
`endif
    rd_data_o = read_row(int'(rd_row_i));
  end
`else
  assign rd_data_o = '0;
  assign codes_o   = '0;
`endif
endmodule
