# The two commands that matter: `make run` and `make test`. Both install what is missing first.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DATA ?= var

.PHONY: run server server-stop test bootstrap lint typecheck pytest format clean test-phone apk

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

## make test: lint, strict types, every test with coverage, then the phone suite in the phone profile.
test: bootstrap lint typecheck pytest test-phone

lint:
	@$(BIN)/ruff check --quiet .
	@$(BIN)/ruff format --check --quiet .

typecheck:
	@$(BIN)/mypy --no-error-summary

## Two xdist workers for most tests (PYTEST_WORKERS=auto on a bigger machine), then SERIAL alone:
## the browser stories start a server, an app and a Chromium each, and beside other work on
## 2 cores their taps starve; the chaos simulation spreads its seeds over every core itself.
## (Not `--dist loadgroup`: pytest-xdist 3.8 groups nothing under pytest 9.) pytest-cov
## measures every worker; the second run appends; the two gates read the combined data.
PYTEST_WORKERS ?= 2
SERIAL := tests/mobile/e2e tests/chaos
pytest:
	@$(BIN)/coverage erase
	@$(BIN)/python -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --cov --cov-report= \
		$(addprefix --ignore=,$(SERIAL))
	@$(BIN)/python -m pytest -q -p no:cacheprovider --cov --cov-append --cov-report= $(SERIAL)
	@$(BIN)/coverage report --include='shared/*' --fail-under=95 --format=total \
		| xargs -I{} echo "coverage of shared/: {}%"
	@$(BIN)/coverage report --fail-under=90 --skip-covered

## make test-phone: the phone profile (Python 3.12, the APK's exact packages, no server packages)
## builds .venv-phone if needed and runs tests/shared and tests/mobile there (scripts/phone-venv).
test-phone:
	@scripts/phone-venv

## make apk: the Android package, `flet build apk` with the phone profile's Python (3.12); it
## needs Flutter and the Android SDK and says which is missing (docs/phone-build.md).
apk:
	@scripts/apk

format: bootstrap
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix --quiet .

clean:
	rm -rf $(VENV) .venv-phone .mypy_cache .ruff_cache .coverage htmlcov
