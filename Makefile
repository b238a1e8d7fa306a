# opencim front door. The real build is CMakeLists.txt; these targets only drive it.
BUILD ?= build
JOBS  ?= $(shell nproc)

# Every Debian package the project needs (Boost 1.81 throughout: its -dev packages conflict with 1.74's).
DEBS := verilator iverilog yosys opensta qflow-tech-osu018 python3 gnuplot-nox \
        cmake g++ make pkg-config zlib1g-dev \
        libgtest-dev libgmock-dev googletest libbenchmark-dev \
        libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev

# make synth parameters (MACRO ROWS COLS WBITS ABITS ABITS_PER_CYCLE CELL_BITS ADC_BITS ADC_SHARE
# CLOCK_NS) go from the command line to synth/synth.sh, which holds their defaults and checks them.
synth_args = $(filter-out BUILD=% JOBS=%,$(MAKEOVERRIDES))

.PHONY: deps configure build test sim lint bench synth synth-sweep clean

deps:
	@if [ "$$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then \
	  echo "make deps: run as root (apt-get install needs it)"; exit 1; fi
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) \
	  apt-get install -y --no-install-recommends $(DEBS)

configure:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sim: build
	$(BUILD)/cimsim

lint:
	tb/lint.sh

bench: build
	$(BUILD)/cim_bench

# Area, timing and power of one parameter set on the OSU 0.18 um cells -> build/synth/<config>/.
synth:
	@synth/synth.sh --check $(BUILD) $(synth_args)
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target cimsim
	synth/synth.sh $(BUILD) $(synth_args)

# make synth over ROWS 16..256, COLS and precision points -> build/synth/sweep/ (36 minutes here).
synth-sweep:
	@synth/sweep.sh --check $(BUILD) $(synth_args)
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target cimsim
	synth/sweep.sh $(BUILD) $(synth_args)

clean:
	rm -rf $(BUILD)
