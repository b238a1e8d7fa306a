# SPDX-License-Identifier: Apache-2.0
# Plots of the synthesis sweep; call with -e "dir='build/synth/sweep'".
load dir.'/fits.gp'
set terminal pngcairo size 800,560 font ",11"
set logscale x 2
set xlabel "ROWS (COLS 16, 8-bit weights and activations)"
set grid
set key top left

set output dir.'/area_vs_rows.png'
set logscale y
set ylabel "area (um^2, OSU 0.18 um)"
set title sprintf("Area grows as ROWS^{%.2f}", k_area_um2)
plot dir.'/rows.dat' using 1:2 with linespoints pt 7 title "synthesized", \
     a_area_um2 * x**k_area_um2 with lines dt 2 title "fit"

set output dir.'/energy_vs_rows.png'
set ylabel "energy per MAC (pJ)"
set title sprintf("Energy per MAC grows as ROWS^{%.2f}", k_pj_per_mac)
plot dir.'/rows.dat' using 1:3 with linespoints pt 7 title "OpenSTA, simulated activity", \
     a_pj_per_mac * x**k_pj_per_mac with lines dt 2 title "fit"

set output dir.'/fmax_vs_rows.png'
unset logscale y
set ylabel "Fmax (MHz)"
set title sprintf("Critical path grows %.2f ns per doubling of ROWS", k_critical_path_ns)
plot dir.'/rows.dat' using 1:5 with linespoints pt 7 title "OpenSTA", \
     1000 / (a_critical_path_ns + k_critical_path_ns * log(x) / log(2)) with lines dt 2 title "fit"
