# SPDX-License-Identifier: Apache-2.0
# make pareto's plot (experiments/pareto.sh): accuracy against energy per inference, the analog points by
# ADC range and training (mean and standard deviation over device seeds), each panel's Pareto
# front; left, the whole macro (the analog parts modelled, the periphery measured) with the
# digital macro's point; right, the modelled analog parts alone (array, row drive, ADCs), where
# the ADC's resolution shows. Fed `dir` (the data's folder) through gnuplot's -e.
set terminal pngcairo size 1400,650 font ",10"
set output dir.'/pareto.png'
set multiplot layout 1,2 title "Digits perceptron on the analog macro, every CELL\\_BITS 1..4, ADC\\_SHARE 1..8, ADC\\_BITS 4..10 (programming and read noise, a day of compensated drift)"
set ylabel "test accuracy, %"
set logscale x
set yrange [0:100]
set grid
set key bottom right
set xlabel "energy per inference, nJ: the whole macro (periphery measured)"
plot for [i=0:3] dir.'/points.dat' index i using 1:2:3 with yerrorbars pointtype 7 pointsize 0.5 title columnheader(1), \
     dir.'/front.dat' using 1:2 with lines linewidth 2 linecolor rgb "black" title "Pareto front", \
     dir.'/digital.dat' using 1:2 with points pointtype 5 pointsize 2 linecolor rgb "red" title "digital macro (measured, exact)"
set xlabel "energy per inference, nJ: array, row drive and ADCs only (modelled)"
plot for [i=0:3] dir.'/points.dat' index i using 5:2:3 with yerrorbars pointtype 7 pointsize 0.5 title columnheader(1), \
     dir.'/front_modelled.dat' using 1:2 with lines linewidth 2 linecolor rgb "black" title "Pareto front"
unset multiplot
