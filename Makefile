# The two commands that matter: `make run` and `make test`. Both install what is missing first.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DATA ?= var

.PHONY: run server server-stop test bootstrap lint typecheck pytest format clean

bootstrap:
	@scripts/bootstrap

## make run: the sync server (demo city on first start) and four phones, one per role, in a browser.
run: bootstrap
	@DATA=$(DATA) scripts/run

## make server-stop / make server: take the sync server of `make run` away and back (offline walk).
server: bootstrap
	@DATA=$(DATA) scripts/server start

server-stop:
	@DATA=$(DATA) scripts/server stop

## make test: lint, strict types, and every test with coverage.
test: bootstrap lint typecheck pytest

lint:
	@$(BIN)/ruff check --quiet .
	@$(BIN)/ruff format --check --quiet .

typecheck:
	@$(BIN)/mypy --no-error-summary

pytest:
	@$(BIN)/coverage erase
	@$(BIN)/coverage run -m pytest -q -p no:cacheprovider
	@$(BIN)/coverage report --include='shared/*' --fail-under=95 --format=total \
		| xargs -I{} echo "coverage of shared/: {}%"
	@$(BIN)/coverage report --fail-under=90 --skip-covered

format: bootstrap
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix --quiet .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .coverage htmlcov
