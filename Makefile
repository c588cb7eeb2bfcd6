# One verb per task. Every target sets up what it needs itself (a local .venv), so a fresh clone needs only
# Python 3.11+ and make. CI (.ci/run) calls `make test`, the same command as the README.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPEC := openapi/cubicasa-integrate-v3.yaml
SPECTRAL := node_modules/.bin/spectral
REDOCLY := node_modules/.bin/redocly

# The Node lint tools must not talk to the network: no Redocly usage telemetry or update check, no npm update
# notice, no Scarf install analytics (its postinstall is not even run: --ignore-scripts).
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export SCARF_ANALYTICS := false
export npm_config_update_notifier := false

.PHONY: help venv node lock generate check-generated template-diff fuzz record lint format lint-spec typecheck test test-python demo bench

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

$(VENV_STAMP): pyproject.toml requirements/dev.txt requirements/codegen.txt requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/dev.txt -e '.[speedups]'
	@touch $@

venv: $(VENV_STAMP) ## Create or update the local .venv (pinned by requirements/constraints.txt)

# Spectral and Redocly, pinned exactly by package.json and package-lock.json, in a local node_modules.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node >= 20.19) is required to lint the OpenAPI document" >&2; exit 1; }
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error("Node >= 20.19 is required (Redocly CLI 2.x), found " + process.version); process.exit(1); }'
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

node: $(NODE_STAMP) ## Install the pinned Node lint tools into ./node_modules (npm ci)

lock: ## Re-resolve requirements/constraints.txt from requirements/dev.txt in a clean venv
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt -e '.[speedups]'
	( echo "# Exact versions of every dev/test/codegen dependency. Rewritten by 'make lock'; do not edit by hand."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort ) > requirements/constraints.txt
	rm -rf .venv-lock

generate: $(VENV_STAMP) ## Regenerate generated/ from openapi/ (from empty; generator warnings fail)
	$(BIN)/python tools/codegen.py generate

check-generated: $(VENV_STAMP) ## Fail if generated/ differs from a fresh generation, or a template's original moved
	$(BIN)/python tools/codegen.py check-templates
	$(BIN)/python tools/codegen.py check

template-diff: $(VENV_STAMP) ## Show each custom template (overrides/templates) against the generator's original
	$(BIN)/python tools/codegen.py template-diff

lint: $(VENV_STAMP) ## Lint and format-check the hand-written code
	$(BIN)/ruff check overrides tests tools benchmarks
	$(BIN)/ruff format --check overrides tests tools benchmarks

format: $(VENV_STAMP) ## Fix lint findings and format the hand-written code
	$(BIN)/ruff check --fix overrides tests tools benchmarks
	$(BIN)/ruff format overrides tests tools benchmarks

lint-spec: $(VENV_STAMP) $(NODE_STAMP) ## Validate and lint the OpenAPI document (validator, flow-style check, Spectral, Redocly)
	$(BIN)/python tools/check_flow_descriptions.py $(SPEC)
	$(BIN)/openapi-spec-validator $(SPEC)
	$(SPECTRAL) lint $(SPEC) --ruleset openapi/.spectral.yaml --fail-severity error
	$(REDOCLY) lint $(SPEC) --config openapi/redocly.yaml

typecheck: $(VENV_STAMP) ## mypy --strict on the hand-written and the generated package
	$(BIN)/mypy

test-python: $(VENV_STAMP) $(NODE_STAMP) ## Run the pytest suite only, with the coverage gate on overrides/ (>= 95%)
	$(BIN)/python -m pytest --cov=cubicasa_integrate --cov-report=term --cov-fail-under=95

fuzz: $(VENV_STAMP) ## Layer-3 property tests with many more examples (default 1000 per operation)
	CUBICASA_FUZZ_EXAMPLES=$${CUBICASA_FUZZ_EXAMPLES:-1000} $(BIN)/python -m pytest tests/contract/test_layer3_client_vs_spec.py

record: $(VENV_STAMP) ## Re-record read-only calls against production, redacted (needs CUBICASA_API_KEY; never in CI)
	$(BIN)/python tools/record.py

test: check-generated lint lint-spec typecheck test-python ## Run every check CI runs

bench: $(VENV_STAMP) ## Benchmark the client against raw httpx, pydantic and msgspec; writes benchmarks/RESULTS.md (~4 min)
	$(BIN)/python -m benchmarks

demo: $(VENV_STAMP) ## The main job: decode the documented upgrade-order response through the client
	$(BIN)/python -m cubicasa_integrate.demo
