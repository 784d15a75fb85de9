# Ordo: the two commands are `make run` and `make test` (README.md). Every target installs what
# is missing first (scripts/install-deps.sh: a no-op when all is installed).
#
#   make build      build/ (Ninja, RelWithDebInfo, -Werror, ccache); the binary is build/ordo
#   make test       build + fuzz smoke (30 s) + console tests (when present) + every CTest test,
#                   with a throw-away PostgreSQL 15 for the *_pgtest suites
#   make run        build + demo data into var/ordo.db (once) + ordo serve on :8080
#   make bench      build + load benchmark (bench/run-load.sh) + Google Benchmark binaries
#   make fuzz       longer fuzzing (FUZZ_SECONDS, default 600)
#   make test-asan  ASan + UBSan build in build-asan/ and its tests
#   make clean      remove every build dir (var/ and web/dist stay)
#
# Knobs: BUILD_TYPE, JOBS (ninja/ctest parallelism), CTEST_ARGS (e.g. CTEST_ARGS="-L unit"),
# FUZZ_SECONDS, FUZZ_SMOKE_SECONDS, LISTEN, DEMO_ORDERS.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

BUILD_DIR          ?= build
ASAN_DIR           ?= build-asan
BUILD_TYPE         ?= RelWithDebInfo
JOBS               ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_ARGS         ?=
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 30
LISTEN             ?= 0.0.0.0:8080
DB                 ?= sqlite:var/ordo.db
DEMO_ORDERS        ?= 2000
PII_KEY_FILE       ?= var/pii.key

# ccache hits across clones (CI builds a fresh clone in another folder): hash paths relative to
# the repository root, not the folder it happens to be in.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

CTEST := ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)
UBSAN_OPTIONS_ASAN := halt_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/cmake/ubsan.supp

.PHONY: deps build configure test fuzz-smoke console-test web-build run bench fuzz test-asan clean

deps:
	@scripts/install-deps.sh

configure: deps
	@scripts/configure.sh $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DORDO_WERROR=ON

build: configure
	ninja -C $(BUILD_DIR)
	@test -x $(BUILD_DIR)/ordo || { echo "make: $(BUILD_DIR)/ordo was not built (src/app)" >&2; exit 1; }

# The CTest run comes last so that the output ends with ctest's summary line.
test: build fuzz-smoke console-test
	scripts/with-postgres.sh $(CTEST) --test-dir $(BUILD_DIR)

fuzz-smoke: deps
	scripts/fuzz-smoke.sh $(FUZZ_SMOKE_SECONDS)

# Hook for the console's browser tests (web/, Playwright + Debian chromium): runs when the web
# issue adds web/package.json with a "test:e2e" script; a no-op until then.
console-test: build
	@if [[ -f web/package.json ]] && grep -q '"test:e2e"' web/package.json; then \
	  cd web && npm ci --no-audit --no-fund && npm run test:e2e; \
	fi

# The console is served from web/dist once the web issue builds it (hook: web-build below);
# until then ordo serve runs without --static-dir (ordo refuses a missing directory).
run: build web-build
	mkdir -p var
	@# The key for personal data at rest: made once, kept beside the database (back it up with it).
	test -s $(PII_KEY_FILE) || (umask 077; head -c 32 /dev/urandom | base64 > $(PII_KEY_FILE))
	$(BUILD_DIR)/ordo demo --db $(DB) --if-empty --orders $(DEMO_ORDERS) --seed 42 --pii-key-file $(PII_KEY_FILE)
	static=(); if [[ -d web/dist ]]; then static=(--static-dir web/dist); fi; \
	exec $(BUILD_DIR)/ordo serve --db $(DB) --listen $(LISTEN) --pii-key-file $(PII_KEY_FILE) "$${static[@]}"

# Hook for the console build (web/, npm): runs when web/package.json has a "build" script.
web-build: deps
	@if [[ -f web/package.json ]] && grep -q '"build"' web/package.json; then \
	  cd web && npm ci --no-audit --no-fund && npm run build; \
	fi

# The load benchmark (bench/run-load.sh, its owner's) gets a PostgreSQL with durable settings
# (fsync on) through ORDO_TEST_PG_URL; then every Google Benchmark binary runs, each writing
# build/bench/<name>.json beside the load benchmark's build/bench/load.json.
bench: build
	@if [[ -x bench/run-load.sh ]]; then \
	  ORDO_PG_FSYNC=on scripts/with-postgres.sh bench/run-load.sh; \
	else \
	  echo "bench: bench/run-load.sh not there yet; skipping the load benchmark"; \
	fi
	@mkdir -p $(BUILD_DIR)/bench
	@find $(BUILD_DIR)/bench -type f -executable -name '*_benchmark' | sort | while read -r b; do \
	  echo "== $$b"; \
	  "$$b" --benchmark_out="$(BUILD_DIR)/bench/$$(basename "$$b").json" --benchmark_out_format=json; \
	done

fuzz: deps
	scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

test-asan: deps
	scripts/configure.sh $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORDO_SANITIZE=ON
	ninja -C $(ASAN_DIR)
	UBSAN_OPTIONS=$(UBSAN_OPTIONS_ASAN) ASAN_OPTIONS=detect_leaks=1 \
	  scripts/with-postgres.sh $(CTEST) --test-dir $(ASAN_DIR)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz build-infra
