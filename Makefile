# The two commands that matter: `make run` and `make test`. Both install what is missing first.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DATA ?= var

.PHONY: run test bootstrap lint typecheck pytest format clean

bootstrap:
	@scripts/bootstrap

## make run: the sync server (demo city on first start) and the phone app in a browser, together.
run: bootstrap
	@DATA=$(DATA) scripts/run

## make test: lint, strict types, and every test with coverage.
test: bootstrap lint typecheck pytest

lint:
	@$(BIN)/ruff check --quiet .
	@$(BIN)/ruff format --check --quiet .

typecheck:
	@$(BIN)/mypy --no-error-summary

## Two xdist workers (PYTEST_WORKERS=auto on a bigger machine). ``--dist loadgroup`` keeps each
## group on one worker: the browser stories run one at a time (each starts a server, an app and
## a Chromium, and two side by side starve each other's taps), the chaos simulation (which
## spreads its seeds over every core itself) stands alone. pytest-cov measures every worker and
## combines their data before the two gates.
PYTEST_WORKERS ?= 2
pytest:
	@$(BIN)/coverage erase
	@$(BIN)/python -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup \
		--cov --cov-report=
	@$(BIN)/coverage report --include='shared/*' --fail-under=95 --format=total \
		| xargs -I{} echo "coverage of shared/: {}%"
	@$(BIN)/coverage report --fail-under=90 --skip-covered

format: bootstrap
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix --quiet .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .coverage htmlcov
