# SPDX-License-Identifier: Apache-2.0
# cimsim sweep's plot: accuracy against the varied setting, one line per model with error bars
# (mean and standard deviation over device seeds). Fed by cimsim through -e: dat (the data file:
# per model a block of "value mean std" headed by the model's name), png, xlabel, plot_title,
# models (the number of blocks).
set terminal pngcairo size 900,560 font ",11" noenhanced
set output png
set title plot_title
set xlabel xlabel
set ylabel "test accuracy (%)"
set grid
set key bottom left
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
plot for [i=0:models-1] dat index i using 1:2:3 with yerrorlines pt 7 ps 0.8 title columnheader(1)
