# cordon: the two commands of the README, and the steps behind them.
#   make demo   install dependencies, build, create a demo city in SQLite and serve it
#   make test   install dependencies, build, run every test
#   make bench  every performance goal as a ratio to a limit measured in the same run
#               (SIZE=small: a 2-minute smoke run)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
DEMO_RESIDENTS ?= 200000
PORT ?= 8080
CORDON := $(BUILD)/src/cli/cordon

SIZE ?= full

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD)/build.ninja

build: configure
	ninja -C $(BUILD) -j$(JOBS)

demo: build
	$(CORDON) demo --db $(DEMO_DB) --residents $(DEMO_RESIDENTS) --port $(PORT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: build
	@bash scripts/install-deps.sh bench
	python3 bench/run.py --cordon $(CORDON) --write-bench $(BUILD)/bench/write_bench --size $(SIZE)

clean:
	rm -rf $(BUILD)
