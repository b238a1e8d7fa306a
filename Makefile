# SPDX-License-Identifier: Apache-2.0
# opencim front door. The real build is CMakeLists.txt; these targets only drive it.
#
# Macro parameters (MACRO ROWS COLS ...: flow/params.sh names them) are read from make's command line
# only, and checked by flow/params.sh before anything is built:
#   make test ROWS=48 COLS=8    builds a Verilated model of that size and runs every test on it too
#   make sim ROWS=48 COLS=8     ... and runs cimsim on it; cimsim's own options go in ARGS='...'
#   make sim DUT=my.f TOP=my_macro [CHECK=cycle-exact] [ROWS=...]   your macro instead
#                               (docs/your-macro.md)
#   make synth ROWS=48 COLS=8 [CLOCK_NS=5]
BUILD ?= build
JOBS  ?= $(shell nproc)

# Every Debian package the project needs.
DEBS := verilator iverilog yosys opensta qflow-tech-osu018 python3 gnuplot-nox \
        cmake g++ make pkg-config zlib1g-dev \
        libgtest-dev libgmock-dev googletest libbenchmark-dev \
        libcli11-dev nlohmann-json3-dev libonnx-dev libprotobuf-dev libtorch-dev z3 lcov clang libclang-rt-14-dev \
        clang-format

PARAM_NAMES := $(shell bash -c '. flow/params.sh && echo $$cim_param_names $$cim_dut_names') CLOCK_NS
# A parameter set in the environment (ROWS=16 make synth) would be ignored: say so and stop.
ENV_PARAMS := $(strip $(foreach v,$(PARAM_NAMES),$(if $(filter environment%,$(origin $(v))),$(v))))
ifneq ($(ENV_PARAMS),)
$(error $(ENV_PARAMS) set in the environment; make reads macro parameters from its command line only (make sim ROWS=16), so unset it)
endif
# A DUT (docs/your-macro.md) goes to the flows that take one; elsewhere (the kit's regressions,
# benchmarks and sweeps over the kit's own sets) it is refused, not ignored.
DUT_GOALS := configure build test sim icarus lint synth formal coverage
ifneq ($(filter DUT=% TOP=% CHECK=% STORAGE=% STORAGE_MODULE=%,$(MAKEOVERRIDES)),)
ifneq ($(filter-out $(DUT_GOALS),$(or $(MAKECMDGOALS),deps)),)
$(error make $(filter-out $(DUT_GOALS),$(or $(MAKECMDGOALS),deps)) does not take DUT=, TOP=, CHECK= or STORAGE= (those that do: make $(DUT_GOALS); a sweep of your macro is make synth DUT=... per size; docs/your-macro.md))
endif
endif
# Each command-line parameter as one single-quoted shell word ('ROWS=16;ls' stays one word).
quote = '$(subst ','\'',$(1))'
params = $(foreach a,$(filter $(addsuffix =%,$(PARAM_NAMES)),$(MAKEOVERRIDES)),$(call quote,$(a)))
macro_params = $(filter-out 'CLOCK_NS=%,$(params))

.PHONY: deps configure build test test-asan sim icarus regress workloads pareto lint formal coverage fuzz bench facts synth synth-sweep clean

deps:
	@if [ "$$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then \
	  echo "make deps: run as root (apt-get install needs it)"; exit 1; fi
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) \
	  apt-get install -y --no-install-recommends $(DEBS)

# A parameter set on the command line becomes one more Verilated model (CIM_EXTRA_CONFIGS). It
# stays in the build until another set replaces it or make clean: changing it re-verilates every
# model (verilate() runs at configure time), so a run without parameters leaves it alone.
configure:
	@if [ -n "$(strip $(macro_params))" ]; then \
	  who="make $(firstword $(MAKECMDGOALS) configure)"; \
	  extra=$$(flow/params.sh config-line "$$who" $(macro_params)) || exit 2; \
	  dut=$$(flow/params.sh cmake-args "$$who" $(macro_params)) || exit 2; \
	  cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release "-DCIM_EXTRA_CONFIGS=$$extra" $$dut >/dev/null; \
	else cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null; fi

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# cimsim on the default macro, or on the one given; ARGS='--count 500 --backend golden' passes on.
sim: configure
	cmake --build $(BUILD) -j $(JOBS) --target cimsim
	$(BUILD)/cimsim $(if $(strip $(macro_params)),$$(flow/params.sh cimsim-args "make sim" $(macro_params))) $(ARGS)

# The RTL in Icarus against the golden model's vectors: the kit's sets marked icarus, or a DUT that
# claims the reference timing (make icarus DUT=my.f TOP=my_macro CHECK=cycle-exact ROWS=16 COLS=4).
icarus:
	@tb/icarus/run.sh --check $(BUILD)/cimsim $(BUILD)/icarus 150 $(macro_params)
	$(MAKE) --no-print-directory build
	tb/icarus/run.sh $(BUILD)/cimsim $(BUILD)/icarus 150 $(macro_params)

# Long random regressions, outside make test: every compiled set, SEEDS seeds (20), optionally one
# SHARD=i/n of n parts for a batch scheduler (docs/verification.md).
regress:
	@tb/regress.sh --check $(BUILD) $(call quote,$(SEEDS)) $(call quote,$(SHARD))
	$(MAKE) --no-print-directory build
	tb/regress.sh $(BUILD) $(call quote,$(SEEDS)) $(call quote,$(SHARD))

# The digits classifiers' accuracy tables (docs/workloads.md): about 12 minutes.
workloads: build
	experiments/workloads.sh $(BUILD)

# The analog macro's accuracy against energy per inference, its Pareto front and the lowest ADC
# resolution per configuration (docs/analog.md); runs make synth for the energies it measures.
pareto: build
	experiments/pareto.sh $(BUILD)

# The kit's sets marked lint and lint-deep (make test lints those marked lint), the C++ include
# rules and format; or a DUT, its ports checked too
# (make lint DUT=my.f TOP=my_macro ROWS=16 COLS=4).
lint:
	tb/lint.sh $(if $(strip $(macro_params)),$(macro_params),--deep)
	$(if $(strip $(macro_params)),,tb/include_rules.sh && tb/format.sh check)

# Every proof of formal/proofs.txt, then every seeded bug of formal/seeded_bugs.txt found: about
# 2 minutes (make test runs all but the netlist equivalence).
# A DUT's ports instead: make formal DUT=my.f TOP=my_macro [ROWS=3 COLS=1 ...] (formal.sh --dut).
formal:
	$(if $(filter DUT=%,$(MAKEOVERRIDES)),formal/formal.sh --dut $(BUILD)/formal-dut $(macro_params),formal/formal.sh $(BUILD)/formal && formal/formal.sh --bugs $(BUILD)/formal-bugs)

# Line, toggle and cover-point coverage of rtl/ over the test suite, on a second build with
# coverage models ($(BUILD)/coverage): report, HTML and a summary line (tb/coverage/).
# A DUT's instead (make coverage DUT=my.f TOP=my_macro ROWS=16 COLS=4): its model alone, the suites
# that run on it, its own sources counted ($(BUILD)/coverage-dut).
coverage:
	tb/coverage/coverage.sh $(BUILD) $(call quote,$(JOBS)) $(macro_params)

# The benchmarks, then Icarus and Verilator side by side on the same RTL and vectors.
# The tests that run C++ (all but lint, formal and synth) on a build with AddressSanitizer and
# UndefinedBehaviorSanitizer ($(BUILD)/asan).
test-asan:
	tb/asan.sh $(BUILD) $(call quote,$(JOBS))

# libFuzzer over every file reader and the port protocol ($(BUILD)/fuzz): each harness's
# regression inputs, then FUZZ_SECONDS (60) of fuzzing each (tb/fuzz/).
FUZZ_SECONDS ?= 60
fuzz:
	tb/fuzz/fuzz.sh $(BUILD) $(call quote,$(FUZZ_SECONDS))

bench: build
	$(BUILD)/cim_bench
	tb/icarus/run.sh $(BUILD)/cimsim $(BUILD)/icarus

# Rewrites the files generated from a fact's home (flow/facts.sh; the test facts_in_sync checks them).
facts:
	$(MAKE) configure
	cmake --build $(BUILD) -j $(JOBS) --target cim_records
	flow/facts.sh write $(BUILD)/cim_records
	cmake --build $(BUILD) -j $(JOBS) --target cim_facts
	flow/facts.sh write $(BUILD)/cim_records $(BUILD)/cim_facts

# Area, timing and power of one parameter set on the OSU 0.18 um cells -> build/synth/<config>/.
# A DUT (make synth DUT=my.f TOP=my_macro ROWS=...) is built as make sim builds it: its activity
# and throughput come from its own model.
synth:
	@synth/synth.sh --check $(BUILD) $(params)
	$(if $(filter DUT=%,$(MAKEOVERRIDES)),$(MAKE) --no-print-directory configure,cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null)
	cmake --build $(BUILD) -j $(JOBS) --target cimsim
	synth/synth.sh $(BUILD) $(params)

# make synth over the sweep sets of flow/configs.txt -> build/synth/sweep/, JOBS points at once,
# with progress (36 minutes one at a time here).
synth-sweep:
	@CIM_PARALLEL_JOBS=$(call quote,$(JOBS)) synth/sweep.sh --check $(BUILD) $(params)
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target cimsim
	CIM_PARALLEL_JOBS=$(call quote,$(JOBS)) synth/sweep.sh $(BUILD) $(params)

clean:
	rm -rf $(BUILD)
