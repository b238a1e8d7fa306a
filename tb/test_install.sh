#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The kit as a library: cmake --install of BUILD into a scratch prefix lists what it installed
# (the golden model, the harness, their headers, the CMake package, the pkg-config file, the RTL),
# then tb/outside/ builds against it twice, with find_package(opencim) and with pkg-config, and
# runs; tb/outside_dut/ verifies a DUT of its own through the package (opencim_add_dut); and
# tb/outside/ builds a third time with the kit's source tree as a subdirectory (add_subdirectory).
# Usage: tb/test_install.sh BUILD
set -uo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
if ! cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1; then
  echo "FAIL: cmake --install: $(tail -5 "$work/install.log")"; exit 1
fi
echo "cmake --install put $(grep -c '^-- Installing' "$work/install.log") files under the prefix:"
sed -n 's|^-- Installing: '"$work/prefix"'/||p' "$work/install.log" | sed 's|/[^/]*$||' | sort | uniq -c
for want in lib/cmake/opencim/opencimConfig.cmake lib/cmake/opencim/opencimTargets.cmake \
            lib/pkgconfig/opencim.pc lib/libcim_golden.a lib/libcim_harness.a include/cim/mvm.h \
            include/cim/limits.h include/opencim/harness/driver.h share/opencim/rtl/cim_macro.sv \
            share/opencim/LICENSE; do
  [ -f "$work/prefix/$want" ] || { echo "FAIL: $want not installed"; fail=1; }
done
# find_package(opencim)
if cmake -S "$src/tb/outside" -B "$work/outside" -DCMAKE_PREFIX_PATH="$work/prefix" \
     -DCMAKE_BUILD_TYPE=Release >"$work/outside.log" 2>&1 \
   && cmake --build "$work/outside" >>"$work/outside.log" 2>&1 \
   && out=$("$work/outside/outside"); then
  echo "ok: find_package(opencim): $out"
else
  echo "FAIL: the outside project with find_package: $(tail -8 "$work/outside.log")"; fail=1
fi
# pkg-config, from a prefix the package was not configured for
if flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs opencim) \
   && g++ "$src/tb/outside/main.cc" $flags -o "$work/outside-pc" 2>"$work/pc.log" \
   && out=$("$work/outside-pc"); then
  echo "ok: pkg-config opencim ($flags): $out"
else
  echo "FAIL: the outside project with pkg-config: ${flags:-no flags} $(tail -5 "$work/pc.log" 2>/dev/null)"; fail=1
fi
# A DUT verified through the package: tb/outside_dut/ registers tiny_cim, Verilates it, checks it.
if cmake -S "$src/tb/outside_dut" -B "$work/outside_dut" -DCMAKE_PREFIX_PATH="$work/prefix" \
     -DOPENCIM_EXAMPLES="$src" -DCMAKE_BUILD_TYPE=Release >"$work/outside_dut.log" 2>&1 \
   && cmake --build "$work/outside_dut" -j2 >>"$work/outside_dut.log" 2>&1 \
   && out=$("$work/outside_dut/outside_dut"); then
  echo "ok: a DUT through find_package(opencim): $out"
else
  echo "FAIL: the DUT through the package: ${out:-} $(grep -m5 -iE 'error|fail' "$work/outside_dut.log")"; fail=1
fi
# add_subdirectory of the source tree (its paths are its own, not the including project's)
mkdir -p "$work/sub"
cat >"$work/sub/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(opencim_sub LANGUAGES CXX)
add_subdirectory("$src" opencim)
add_executable(outside "$src/tb/outside/main.cc")
target_link_libraries(outside PRIVATE cim_harness)
CMAKE
# (The kit's own models left out: the including project builds the harness alone, and the
# examples' few models keep the model table non-empty.)
# Unoptimized (-O0): what is checked here is paths, not speed, and it compiles in four fifths the time.
if cmake -S "$work/sub" -B "$work/sub/b" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
     -DCIM_KIT_MODELS=OFF >"$work/sub.log" 2>&1 \
   && cmake --build "$work/sub/b" --target outside -j2 >>"$work/sub.log" 2>&1 \
   && out=$("$work/sub/b/outside"); then
  echo "ok: add_subdirectory: $out"
else
  echo "FAIL: the kit as a subdirectory: $(grep -m3 -i error "$work/sub.log")"; fail=1
fi
exit $fail
