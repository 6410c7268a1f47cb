# govsocial: `make run` serves the product on its embedded default; `make test` runs every check.
# `make help` lists the other targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test install lint typecheck security unit test-postgres test-pythons benchmarks clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

run: install ## Install, migrate SQLite, load the demo data, serve the web UI and worker
	$(BIN)/govsocial run

test: install lint typecheck security unit test-postgres test-pythons ## Lint, type-check, security checks, the whole suite (and on PostgreSQL when configured), the fast suite on other Pythons

install: $(STAMP) $(NODE_STAMP) ## Install Python and front-end dependencies into .venv and node_modules

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## mypy over the package, settings and benchmarks
	$(BIN)/mypy

security: install ## bandit over the code, pip-audit over the pinned dependencies
	BIN=$(BIN) bash scripts/security-checks.sh

unit: install ## The whole test suite on SQLite, with coverage
	$(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# .ci/run sets GOVSOCIAL_TEST_POSTGRES_URL after starting a throw-away PostgreSQL.
test-postgres: install ## The suite again on PostgreSQL, when GOVSOCIAL_TEST_POSTGRES_URL is set
	@if [ -n "$$GOVSOCIAL_TEST_POSTGRES_URL" ]; then \
		echo "Running the suite again on PostgreSQL"; \
		DATABASE_URL="$$GOVSOCIAL_TEST_POSTGRES_URL" $(BIN)/pytest -m "not browser" $(PYTEST_ARGS); \
	else \
		echo "Skipping the PostgreSQL leg: set GOVSOCIAL_TEST_POSTGRES_URL (as .ci/run does) to run it."; \
	fi

# Python 3.12 and 3.13 as well as .venv's 3.11: each Python 3.11+ that pyenv has gets a .venv-X.Y.
test-pythons: install ## The fast suite on every other Python 3.11+ that pyenv has (Python 3.12, 3.13)
	bash scripts/test-other-pythons.sh

# Runs the scripts, not the harness modules they share (those have no __main__).
benchmarks: install ## Print the speed figures (not part of the test suite)
	@for script in $$(grep -l '__name__ == "__main__"' benchmarks/*.py); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## Remove the virtualenv, node_modules and local data
	rm -rf $(VENV) $(VENV)-3.* node_modules var
