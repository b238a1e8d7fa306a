// cim_macro: digital SRAM compute-in-memory macro, ROWS x COLS weights of WBITS bits.
//
// Computes y[c] = sum_r a[r] * w[r][c] where the weights never leave the bitcell array: each cycle
// ABITS_PER_CYCLE activation bits per row are broadcast on as many wordlines (most significant
// group first), every bitcell ANDs each with its stored bit, one adder tree per bit column and
// wordline lane counts the products, a shift-and-add combines the weight bit columns and lanes,
// and a shift-accumulator combines the activation bit groups. Weights and activations are
// unsigned or two's complement per request, using their low wbits / abits bits.
//
// Timing (see docs/macro.md), with n = ceil(abits / ABITS_PER_CYCLE): a request accepted in cycle
// k occupies the array in cycles k+1 .. k+n and its response is valid from cycle k+n+1.
// Back-to-back requests keep the array busy every cycle. Read data appears one cycle after the
// read is accepted. ABITS_PER_CYCLE = 1 is fully bit-serial; 2 or 4 trade adder trees for cycles.
module cim_macro #(
  parameter int ROWS  = 64,
  parameter int COLS  = 16,
  parameter int WBITS = 8,
  parameter int ABITS = 8,
  parameter int ABITS_PER_CYCLE = 1,
  localparam int RowW = (ROWS > 1) ? $clog2(ROWS) : 1,
  localparam int AbW  = $clog2(ABITS + 1),
  localparam int WbW  = $clog2(WBITS + 1),
  localparam int OUTW = ABITS + WBITS + $clog2(ROWS) + 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  input  logic                  wr_valid_i,
  output logic                  wr_ready_o,
  input  logic [RowW-1:0]       wr_row_i,
  input  logic [COLS*WBITS-1:0] wr_data_i,

  input  logic                  rd_valid_i,
  output logic                  rd_ready_o,
  input  logic [RowW-1:0]       rd_row_i,
  output logic [COLS*WBITS-1:0] rd_data_o,
  output logic                  rd_data_valid_o,

  input  logic                  req_valid_i,
  output logic                  req_ready_o,
  input  logic [ROWS*ABITS-1:0] req_act_i,
  input  logic [AbW-1:0]        req_abits_i,
  input  logic [WbW-1:0]        req_wbits_i,
  input  logic                  req_asigned_i,
  input  logic                  req_wsigned_i,

  output logic                  rsp_valid_o,
  input  logic                  rsp_ready_i,
  output logic [COLS*OUTW-1:0]  rsp_data_o,
  output logic                  rsp_err_o
);
  cim_param_check #(
    .ROWS (ROWS),
    .COLS (COLS),
    .WBITS(WBITS),
    .ABITS(ABITS)
  ) u_param_check ();

  // Yosys and Icarus reject `inside`, hence the spelled-out power-of-two test.
  localparam bit ApcOk = ABITS_PER_CYCLE >= 1 && ABITS_PER_CYCLE <= ABITS &&
                         (ABITS_PER_CYCLE & (ABITS_PER_CYCLE - 1)) == 0;
  // Checked only for an in-range ABITS, so that a bad ABITS is reported as itself.
  if (!ApcOk && ABITS >= 1 && ABITS <= 16) begin : g_bad_apc
`ifdef __ICARUS__
    cim_ABITS_PER_CYCLE_must_be_a_power_of_2_up_to_ABITS u_param_error ();
`else
    $error("cim_macro: parameter ABITS_PER_CYCLE must be 1, 2, 4, 8 or 16 and <= ABITS");
`endif
  end

  // Behind the ports, the datapath is elaborated with in-range stand-ins for the parameters, so
  // that an out-of-range parameter is reported by the checks above and not, first, as a width
  // error deep in an adder tree.
  localparam int Rows  = (ROWS < 2) ? 2 : ROWS;
  localparam int Cols  = (COLS < 1) ? 1 : COLS;
  localparam int Wbits = (WBITS < 1) ? 1 : (WBITS > 16) ? 16 : WBITS;
  localparam int Abits = (ABITS < 1) ? 1 : (ABITS > 16) ? 16 : ABITS;
  localparam int Lanes = ApcOk ? ABITS_PER_CYCLE : 1;
  localparam int OutW  = Abits + Wbits + $clog2(Rows) + 1;

  localparam int CW       = Cols * Wbits;
  localparam int PW       = $clog2(Rows) + 1;   // popcount of one bit column (adder tree width)
  localparam int PartialW = PW + Wbits + Lanes; // signed partial sum of one channel per cycle

  logic                     mem_ready;
  logic [Rows*Lanes-1:0]    wl;
  logic                     acc_en, acc_first;
  logic                     unused_conv, unused_phase;  // the analog macro's phase sequencing
  logic [Wbits-1:0]         wbit_en;
  logic [Lanes*Wbits-1:0]   term_neg;
  logic [Rows*CW-1:0]       cells;
  logic [Rows*Lanes*CW-1:0] prod;

  cim_ctrl #(
    .ROWS (Rows),
    .WBITS(Wbits),
    .ABITS(Abits),
    .ABITS_PER_CYCLE(Lanes)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .req_valid_i,
    .req_ready_o,
    .req_act_i,
    .req_abits_i,
    .req_wbits_i,
    .req_asigned_i,
    .req_wsigned_i,
    .rsp_valid_o,
    .rsp_ready_i,
    .rsp_err_o,
    .mem_ready_o (mem_ready),
    .conv_o      (unused_conv),
    .phase_o     (unused_phase),
    .wl_o        (wl),
    .acc_en_o    (acc_en),
    .acc_first_o (acc_first),
    .wbit_en_o   (wbit_en),
    .term_neg_o  (term_neg)
  );

  assign wr_ready_o = mem_ready;
  assign rd_ready_o = mem_ready;

  cim_weight_store #(
    .ROWS (Rows),
    .COLS (Cols),
    .WBITS(Wbits)
  ) u_store (
    .clk_i,
    .rst_ni,
    .wr_en_i        (wr_valid_i && mem_ready),
    .wr_row_i,
    .wr_data_i,
    .rd_en_i        (rd_valid_i && mem_ready),
    .rd_row_i,
    .rd_data_o,
    .rd_data_valid_o,
    .cells_o        (cells)
  );

  cim_bitcell_mul #(
    .ROWS (Rows),
    .CW   (CW),
    .LANES(Lanes)
  ) u_mul (
    .wl_i   (wl),
    .cells_i(cells),
    .prod_o (prod)
  );

  for (genvar c = 0; c < Cols; c++) begin : g_col
    logic [Lanes*Wbits*PW-1:0] pop;
    logic [PartialW-1:0]       partial;

    for (genvar p = 0; p < Lanes; p++) begin : g_lane
      for (genvar j = 0; j < Wbits; j++) begin : g_wbit
        logic [Rows-1:0] products;
        for (genvar r = 0; r < Rows; r++) begin : g_row
          assign products[r] = prod[(r*Lanes + p)*CW + c*Wbits + j];
        end
        cim_adder_tree #(
          .N (Rows),
          .IW(1)
        ) u_tree (
          .operands_i(products),
          .sum_o     (pop[(p*Wbits + j)*PW +: PW])
        );
      end
    end

    cim_wbit_combine #(
      .WBITS(Wbits),
      .LANES(Lanes),
      .PW   (PW)
    ) u_combine (
      .pop_i    (pop),
      .en_i     (wbit_en),
      .neg_i    (term_neg),
      .partial_o(partial)
    );

    cim_shift_acc #(
      .IW   (PartialW),
      .OW   (OutW),
      .SHIFT(Lanes)
    ) u_acc (
      .clk_i,
      .rst_ni,
      .en_i     (acc_en),
      .first_i  (acc_first),
      .partial_i(partial),
      .acc_o    (rsp_data_o[c*OutW +: OutW])
    );
  end
endmodule
