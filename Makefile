# opencim front door. The real build is CMakeLists.txt; these targets only drive it.
BUILD ?= build
JOBS  ?= $(shell nproc)

# Every Debian package the project needs (Boost 1.81 throughout: its -dev packages conflict with 1.74's).
DEBS := verilator iverilog yosys cmake g++ make pkg-config zlib1g-dev \
        libgtest-dev libgmock-dev googletest libbenchmark-dev \
        libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev

.PHONY: deps configure build test sim lint bench clean

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

clean:
	rm -rf $(BUILD)
