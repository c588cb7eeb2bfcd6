# One verb per task. Every target sets up what it needs itself (a local .venv, a local node_modules), from PyPI
# and npm. A fresh clone needs GNU make, bash and Python >= 3.11 for every target (`make demo` needs no more);
# `make test` also needs git, Node >= 20.19 with npm, Java >= 11, and Go (or apt-get, which installs it), Debian's
# golang-go (tools/prerequisites.py is that list, by target; `make prerequisites` checks it). CI (.ci/run) calls `make test`, the same command as the README.
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
BUNDLE := dist/cubicasa-integrate-v3.openapi.yaml
REFERENCE := dist/cubicasa-integrate-v3.html
REDOC := dist/cubicasa-integrate-v3.redoc.html
SITE := dist/site

# The Node lint tools must not talk to the network: no Redocly usage telemetry or update check, no npm update
# notice, no Scarf install analytics (its postinstall is not even run: --ignore-scripts).
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export SCARF_ANALYTICS := false
export npm_config_update_notifier := false

.PHONY: help prerequisites venv node lock generate check-generated template-diff fuzz record drift lint format lint-spec typecheck test test-python demo sandbox \
	breaking bundle docs chromium curl golang crosslang api-md check-api-md release-check publish bench mutate repeat-tiers

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

# Each target that runs Node, npm, Java or git (or makes the venv) first checks, in a fraction of a second, that
# they are there, and says which it lacks and what it runs on them: needs-<target> is tools/prerequisites.py <target>.
needs-%:
	@$(PYTHON) tools/prerequisites.py $*

prerequisites: needs-test ## Check that this machine has what `make test` needs (Python, git, Node, npm, Java)
	@echo "Everything make test needs is here."

$(VENV_STAMP): pyproject.toml sandbox/pyproject.toml requirements/dev.txt requirements/codegen.txt requirements/constraints.txt
	@$(PYTHON) tools/prerequisites.py venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/dev.txt \
	  -e '.[cli,s3]' -e './sandbox[validate]'
	@touch $@

venv: $(VENV_STAMP) ## Create or update the local .venv (pinned by requirements/constraints.txt)

# Spectral, Redocly, openapi-typescript and tsc, pinned exactly by package.json and package-lock.json, in a local
# node_modules.
$(NODE_STAMP): package.json package-lock.json
	@$(PYTHON) tools/prerequisites.py node
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

node: $(NODE_STAMP) ## Install the pinned Node tools (lint, TypeScript proof) into ./node_modules (npm ci)

lock: ## Re-resolve requirements/constraints.txt from requirements/dev.txt in a clean venv
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt -e '.[cli,s3]' \
	  -e './sandbox[validate]'
	( echo "# Exact versions of every dev/test/codegen dependency. Rewritten by 'make lock'; do not edit by hand."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort ) > requirements/constraints.txt
	rm -rf .venv-lock

generate: $(VENV_STAMP) ## Regenerate generated/ from openapi/ (from empty; generator warnings fail), and the drift radar's table
	$(BIN)/python tools/codegen.py generate
	$(BIN)/python tools/drift_paths.py

check-generated: $(VENV_STAMP) ## Fail if generated/ differs from a fresh generation, or a template's original moved
	$(BIN)/python tools/codegen.py check-templates
	$(BIN)/python tools/codegen.py check

template-diff: $(VENV_STAMP) ## Show each custom template (overrides/templates) against the generator's original
	$(BIN)/python tools/codegen.py template-diff

lint: $(VENV_STAMP) ## Lint and format-check the hand-written code
	$(BIN)/ruff check overrides sandbox tests tools benchmarks
	$(BIN)/ruff format --check overrides sandbox tests tools benchmarks

format: $(VENV_STAMP) ## Fix lint findings and format the hand-written code
	$(BIN)/ruff check --fix overrides sandbox tests tools benchmarks
	$(BIN)/ruff format overrides sandbox tests tools benchmarks

lint-spec: needs-lint-spec $(VENV_STAMP) $(NODE_STAMP) ## Validate and lint the OpenAPI document (validator, flow-style check, Spectral, Redocly)
	$(BIN)/python tools/check_flow_descriptions.py $(SPEC)
	$(BIN)/openapi-spec-validator $(SPEC)
	$(SPECTRAL) lint $(SPEC) --ruleset openapi/.spectral.yaml --fail-severity error
	$(REDOCLY) lint $(SPEC) --config openapi/redocly.yaml

typecheck: $(VENV_STAMP) ## mypy --strict on the hand-written and the generated package
	$(BIN)/mypy

# -n auto: one pytest-xdist worker per core (about half the wall time on two); tests/conftest.py sums the
# reliability summary over the workers. No Node needed: the few tests that run the Node tools (Spectral, Redocly,
# openapi-typescript + tsc) skip, saying why, when ./node_modules is missing; under `make test` they must run.
test-python: needs-test-python $(VENV_STAMP) ## Run the pytest suite only, on every core, with the coverage gate on overrides/ and sandbox/ (>= 95%)
	$(BIN)/python -m pytest -n auto --cov=cubicasa_integrate --cov=cubicasa_sandbox --cov-report=term --cov-fail-under=95

# Not in `make test` (minutes of pytest per mutant); `make test` checks only that every mutant still applies.
mutate: needs-mutate $(VENV_STAMP) $(NODE_STAMP) ## Plant each curated bug (tests/mutation/mutants.yaml) and prove its tests catch it (~5 min)
	$(BIN)/python tools/mutate.py

# --timeout=0: the per-test limit of pyproject (120 s) fits 25 examples, not 1000 (listOrders alone takes minutes).
fuzz: $(VENV_STAMP) ## Layer-3 property tests with many more examples (default 1000 per operation)
	CUBICASA_FUZZ_EXAMPLES=$${CUBICASA_FUZZ_EXAMPLES:-1000} $(BIN)/python -m pytest --timeout=0 tests/contract/test_layer3_client_vs_spec.py

# Not in CI: hunts flaky and order-dependent tests. Each run shuffles the tests (pytest-random-order, one seed for
# both workers, which pytest-xdist needs to see the same collection) and stops at the first failure, printing the
# seed that replays that order.
RUNS ?= 30
REPEAT_TESTS := tests/e2e/test_faults.py tests/reliability
repeat-tiers: $(VENV_STAMP) ## Run the e2e fault tests and the reliability tier RUNS times (30), -n 2, in random order
	@for run in $$(seq 1 $(RUNS)); do \
	  seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
	  echo "run $$run of $(RUNS): --random-order-seed=$$seed"; \
	  $(BIN)/python -m pytest $(REPEAT_TESTS) -n 2 -x -q -p no:cacheprovider --random-order-bucket=global \
	    --random-order-seed=$$seed \
	    || { echo "run $$run of $(RUNS) FAILED; replay it with: $(BIN)/python -m pytest $(REPEAT_TESTS) -n 2" \
	      "--random-order-bucket=global --random-order-seed=$$seed" >&2; exit 1; }; \
	done; echo "$(RUNS) runs of $(REPEAT_TESTS) passed"

api-md: $(VENV_STAMP) ## Rewrite api.md: route -> generated function -> facade method -> return type -> CLI command
	$(BIN)/python tools/api_md.py

check-api-md: $(VENV_STAMP) ## Fail if api.md is stale
	$(BIN)/python tools/api_md.py --check

bundle: needs-bundle $(VENV_STAMP) $(NODE_STAMP) ## Bundle the spec into one self-contained file for other teams (dist/cubicasa-integrate-v3.openapi.yaml)
	$(BIN)/python tools/bundle.py --out $(BUNDLE)

# Debian's chromium, for the browser check of `make docs` (Playwright drives it; its own browser downloads come
# from a CDN this project cannot reach). Installed with apt when missing: CI runs as root on Debian.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# The docs site (mkdocs.yml: docs/, the CLI page from the click commands, the Python reference from the docstrings,
# the HTTP API page from the spec) and two HTTP API references for other teams: a static page that needs no script
# (what a plain screenshot, a text browser or a reader with scripts off sees: everything) and Redocly's interactive
# one. Each is opened in Chromium; tools/docs.py says what each check asserts.
docs: needs-docs bundle chromium ## Build the docs site (dist/site) and the HTTP API references, and check them all in Chromium
	$(BIN)/python tools/docs.py build --spec $(BUNDLE) --out $(REDOC)
	$(BIN)/python tools/docs.py check --spec $(BUNDLE) --html $(REDOC)
	$(BIN)/python tools/http_reference.py --spec $(BUNDLE) --out $(REFERENCE)
	$(BIN)/python tools/docs.py check-static --spec $(BUNDLE) --html $(REFERENCE)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	$(BIN)/python tools/docs.py check-site --site $(SITE)

# Debian's Go compiles the generated Go client offline (GOPROXY=off: the client needs no module). Installed only
# when `go` is missing, as CI's fresh machine is; apt-get needs root there.
golang: needs-crosslang ## Install Debian's golang-go with apt-get unless `go` is already on PATH
	@command -v go >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go; }

crosslang: needs-crosslang bundle golang ## Prove the bundle in other languages: TypeScript (2 generators) + tsc, openapi-generator python/go decode an evolved payload, python/java/go keep every operation
	$(BIN)/python tools/crosslang.py --spec $(BUNDLE)

release-check: needs-release-check $(VENV_STAMP) $(NODE_STAMP) ## Version vs CHANGELOG, reproducible sdist+wheel, install + smoke test in a fresh venv, a consumer's pyright sees every type
	$(BIN)/python tools/release_check.py

# Not in `make test`: it uploads. CUBICASA_INDEX_URL names the index (no default; never public PyPI), credentials
# come from TWINE_USERNAME/TWINE_PASSWORD or keyring; HEAD must be the tagged release (RELEASING.md).
publish: $(VENV_STAMP) ## Build both distributions (as release-check does) and upload them to CUBICASA_INDEX_URL with twine
	$(BIN)/python tools/publish.py

# BASE defaults to the last release: its sdist, committed in releases/ (CI clones have no tags); any git ref works.
BASE ?=
breaking: $(VENV_STAMP) ## Spec + Python API changes since BASE (default: last release) vs the SemVer bump
	$(BIN)/python tools/breaking.py $(if $(BASE),--base $(BASE))

record: $(VENV_STAMP) ## Re-record read-only calls against production, redacted (needs CUBICASA_API_KEY; never in CI)
	$(BIN)/python tools/record.py

drift: $(VENV_STAMP) ## Record read-only production calls, replay them through the drift radar, print the spec patch it proposes (needs CUBICASA_API_KEY; never in CI)
	@test -n "$${CUBICASA_API_KEY:-}" || { echo "make drift needs CUBICASA_API_KEY (a real key: it records production traffic)." >&2; exit 2; }
	$(BIN)/python tools/drift.py

# needs-test comes first: a machine without Node, npm, Java or git fails in seconds, saying which target needs
# what, instead of after the venv, the lints and the whole pytest run.
# The release checks come last: crosslang needs Java and the Node tools, breaking unpacks the last release from
# releases/, release-check builds and installs the package into a fresh venv (about 25 s).
# The Node tools come before test-python, and with CUBICASA_NODE_TOOLS_REQUIRED (exported to every prerequisite's
# recipe) a test that needs one fails instead of skipping (tests/support.py node_tool). So does docs: it installs
# chromium, in which the tests of its check (tests/unit/tools/test_docs.py) open broken pages.
test: export CUBICASA_NODE_TOOLS_REQUIRED := 1
test: needs-test check-generated lint node lint-spec docs typecheck test-python check-api-md crosslang breaking release-check ## Run every check CI runs

# Debian's curl: the bench's fast-loopback rows compare the sync with it (the wire's limit on this machine), so
# `make bench` installs it with apt when missing, as `make docs` installs chromium; the bench fails without it.
curl:
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends curl >/dev/null; }

bench: $(VENV_STAMP) curl ## Benchmark the client against raw httpx, pydantic and msgspec; writes benchmarks/RESULTS.md (~25 min)
	$(BIN)/python -m benchmarks

demo: $(VENV_STAMP) ## The main job: list orders, buy GLA, download the files - against an embedded sandbox
	$(BIN)/cubicasa demo --dest demo-downloads

sandbox: $(VENV_STAMP) ## Run the fake CubiCasa server on 127.0.0.1 (PORT=8080; Ctrl-C stops it)
	$(BIN)/cubicasa sandbox --port $${PORT:-8080}
