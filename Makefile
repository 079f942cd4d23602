# cordon: the two commands of the README, and the steps behind them.
#   make demo   install dependencies, build, create a demo city in SQLite and serve it
#   make test   install dependencies, build, run every test
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
DEMO_RESIDENTS ?= 200000
PORT ?= 8080
CORDON := $(BUILD)/src/cli/cordon

.PHONY: all deps configure build demo test clean

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

clean:
	rm -rf $(BUILD)
