# cordon: the two commands of the README, and the steps behind them.
#   make demo   install dependencies, build (server and web UI), create a demo city in SQLite and serve it
#   make test   install dependencies, build (server and web UI), run every test (C++, API, Vitest, browser)
#   make bench  every performance goal as a ratio to a limit measured in the same run
#               (SIZE=small: a 2-minute smoke run)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
DEMO_RESIDENTS ?= 200000
PORT ?= 8080
CORDON := $(BUILD)/src/cli/cordon
# The web UI is rebuilt when its sources, its configuration or its lock file change.
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig.json web/package.json -type f 2>/dev/null)
WEB_DIST := web/dist/index.html
WEB_MODULES := web/node_modules/.package-lock.json

SIZE ?= full

.PHONY: all deps configure build web demo test bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD)/build.ninja

build: configure
	ninja -C $(BUILD) -j$(JOBS)

# Installed only when the lock file is newer than the installed modules. `npm install
# --no-save` installs exactly the locked versions without rewriting the lock; `npm ci`
# refuses this lock because the registry mirror here lists no other platforms' optional
# rollup builds, so npm 11 considers the lock incomplete.
$(WEB_MODULES): web/package-lock.json
	cd web && npm install --no-save --no-audit --no-fund
	touch $@

$(WEB_DIST): $(WEB_MODULES) $(WEB_SOURCES)
	cd web && npm run build
	touch $@

web: deps $(WEB_DIST)

demo: build web
	$(CORDON) demo --db $(DEMO_DB) --residents $(DEMO_RESIDENTS) --port $(PORT)

test: build web
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: build
	@bash scripts/install-deps.sh bench
	python3 bench/run.py --cordon $(CORDON) --write-bench $(BUILD)/bench/write_bench --size $(SIZE)

clean:
	rm -rf $(BUILD) web/dist
