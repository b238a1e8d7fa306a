# SPDX-License-Identifier: Apache-2.0
# The standard-cell library every flow maps onto, from Debian's qflow-tech-osu018: its liberty
# (synthesis, timing, power, the formal netlist proof), its Verilog models (gate-level
# simulation) and its LEF (a cell's footprint where the liberty gives none). Sourced by synth/synth.sh, synth/gls.sh and formal/formal.sh.
cim_cells_dir=/usr/share/qflow/tech/osu018
cim_liberty=$cim_cells_dir/osu018_stdcells.lib
cim_cell_models=$cim_cells_dir/osu018_stdcells.v
cim_lef=$cim_cells_dir/osu018_stdcells.lef  # cell footprints: the LATCH the liberty leaves at 0
