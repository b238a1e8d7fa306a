// cim_wbit_combine: shift-and-add across the weight bit columns of one output channel.
//
// Bit column j's popcount weighs 2^j. Per cycle the controller says which columns take part
// (en_i: the low wbits columns) and which weigh negative (neg_i: the MSB of a two's-complement
// weight, flipped again while the activation MSB of a signed activation is on the wordlines), so
// the partial sum leaving here is already signed for the shift-accumulator. Combinational.
module cim_wbit_combine #(
  parameter int WBITS = 8,
  parameter int PW    = 7,  // popcount width per bit column
  localparam int PartialW = PW + WBITS + 1
) (
  input  logic [WBITS*PW-1:0] pop_i,   // column j's popcount in [j*PW +: PW]
  input  logic [WBITS-1:0]    en_i,
  input  logic [WBITS-1:0]    neg_i,
  output logic [PartialW-1:0] partial_o
);
  logic [WBITS*PartialW-1:0] terms;

  for (genvar j = 0; j < WBITS; j++) begin : g_wbit
    logic [PartialW-1:0] shifted;
    assign shifted = PartialW'(pop_i[j*PW +: PW]) << j;
    assign terms[j*PartialW +: PartialW] = !en_i[j] ? '0 : neg_i[j] ? -shifted : shifted;
  end

  // Summed here rather than in a cim_adder_tree instance: the shifted-in zeros of every term are
  // constant, and synthesis folds constants away only inside one module.
  always_comb begin
    partial_o = '0;
    for (int j = 0; j < WBITS; j++) begin
      partial_o = partial_o + terms[j*PartialW +: PartialW];
    end
  end
endmodule
