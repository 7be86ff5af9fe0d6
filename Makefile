# Bazaar: two commands matter. `make demo` runs the marketplace locally, `make test` runs
# everything CI runs. Both install what they need (venv, npm packages, solc adapter).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_VERSION ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
export SOLCX_BINARY_PATH := $(CURDIR)/.solcx
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(BIN):$(PATH)
# Import chain/, wallet/... from this checkout, also when the venv's editable install points
# at another one (a git worktree sharing the venv).
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
SOLC_VERSION := $(shell node -p "require('./package.json').dependencies.solc" 2>/dev/null)

.PHONY: help install toolchain build web lint typecheck test test-contracts test-python test-web-unit chromium audit demo bench-gas bench-api bench-demo bench-indexer bench-keeper bench-web bench-cli clean

help:
	@echo "make demo      local chain + seeded marketplace + indexer, API and keeper; prints the URLs"
	@echo "make test      install, compile, lint, type-check and run every test (what CI runs)"
	@echo "make audit     slither over contracts/; fails on a High/Medium finding not in audit/slither-triage.toml"
	@echo "make bench-gas measure gas of every benchmarked operation and runtime bytecode sizes -> bench/results/gas.json"
	@echo "make bench-api load 1M feed items into PostgreSQL, drive the API with wrk -> bench/results/api.json"
	@echo "make bench-demo time each startup step of make demo -> bench/results/demo.json"
	@echo "make bench-indexer pre-mine 100k events on anvil, backfill and follow them -> bench/results/indexer.json"
	@echo "make bench-keeper time keeper passes over 100 due deals -> bench/results/keeper.json"
	@echo "make bench-web  initial JS gzip size, FCP/LCP of the feed and a listing in Chromium -> bench/results/web.json"
	@echo "make bench-cli  time bazaar --help, bazaar buyer --help, bazaar seller --help -> bench/results/cli.json"

$(UV):
	$(PY_VERSION) -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.8

$(BIN)/python: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SOLCX_BINARY_PATH)/solc-v$(SOLC_VERSION): node_modules/.package-lock.json tools/install-solc.sh tools/solc-adapter.js
	tools/install-solc.sh

install: $(BIN)/python node_modules/.package-lock.json
toolchain: install $(SOLCX_BINARY_PATH)/solc-v$(SOLC_VERSION)

# WARNING keeps ape from listing every source file it compiles; errors still print.
CONTRACT_SOURCES := $(shell find contracts -name '*.sol' -not -path '*/.cache/*' 2>/dev/null)
chain/artifacts/.stamp: $(CONTRACT_SOURCES) ape-config.yaml | toolchain
	@echo "compiling contracts/ (ape, solc $(SOLC_VERSION))"
	$(BIN)/ape compile --force --verbosity WARNING
	$(BIN)/python -m chain.artifacts export .build/__local__.json chain/artifacts
	@touch $@

# The storefront (web/, served by the API at /): its own npm project and lockfile. The build
# generates typed ABIs from chain/artifacts (web/scripts/gen-abi.mjs), type-checks, bundles.
WEB_SOURCES := $(shell find web/src web/scripts web/index.html web/vite.config.ts web/tsconfig.json -type f -not -name generated.ts 2>/dev/null)
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json chain/artifacts/.stamp $(WEB_SOURCES)
	cd web && npm run --silent build

web: web/dist/index.html

build: toolchain chain/artifacts/.stamp web/dist/index.html

lint: install web/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd web && npx eslint --max-warnings=0 .

# tsc needs the ABIs generated from the compiled contracts, hence the build.
typecheck: install build
	$(BIN)/mypy
	cd web && npx tsc --noEmit

# Vitest: the envelope against wallet/'s test vectors, amounts, revert decoding.
test-web-unit: build
	cd web && npx vitest run

# The browser tests (tests/web) drive Debian's Chromium; never a downloaded browser build.
chromium:
	@test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test-contracts: build
	$(BIN)/ape test tests/contracts -q -p no:cacheprovider

# The import check re-adds playwright when another checkout sharing this venv synced it to a
# lock without it (--inexact: install what is missing, remove nothing).
test-python: build chromium
	@$(BIN)/python -c "import playwright" 2>/dev/null || $(UV) sync --frozen --inexact --quiet
	$(BIN)/pytest tests --ignore=tests/contracts -q -p no:ape_test

# Slither with the checked-in triage (docs/audit.md). Needs only the toolchain, not the build:
# it compiles the sources itself through the solc-js adapter, with ape-config.yaml's settings.
# The import check re-adds slither when another checkout sharing this venv synced it to a lock
# without it (--inexact: install what is missing, remove nothing).
audit: toolchain
	@$(BIN)/python -c "import slither, crytic_compile" 2>/dev/null || $(UV) sync --frozen --inexact --quiet
	$(BIN)/python tools/slither_audit.py

test: lint typecheck audit test-contracts test-web-unit test-python

# Extra options go through DEMO_ARGS, e.g. make demo DEMO_ARGS="--api-port 8001".
# python -m bazaar: the same as .venv/bin/bazaar, also before the venv's script is regenerated.
demo: build
	$(BIN)/python -m bazaar demo $(DEMO_ARGS)

bench-gas: build
	$(BIN)/ape test bench/gas -q -s -p no:cacheprovider

# wrk is the load generator (a separate process); Debian packages it.
bench-api: install
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m bench.api.run

bench-demo: build
	$(BIN)/python -m bench.demo.run

# Pre-mines >= 100k Marketplace events on anvil, backfills them into SQLite and PostgreSQL,
# then times head latency while following.
bench-indexer: build
	$(BIN)/python -m bench.indexer.run

# One keeper pass over 100 due deals: time, JSON-RPC requests, gas per action.
bench-keeper: build
	PYTHONPATH=$(CURDIR) $(BIN)/python -m bench.keeper.run

# The storefront's weight and paint times: headless Debian Chromium against `bazaar demo`.
bench-web: build chromium
	PYTHONPATH=$(CURDIR) $(BIN)/python -m bench.web.run

# Whole-process wall time of the help commands: what a user waits for before any work.
bench-cli: install
	$(BIN)/python -m bench.cli.run

clean:
	rm -rf .build chain/artifacts .solcx contracts/.cache web/dist
