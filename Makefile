# Pantau KLA: the two commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate seed check-migrations bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## run: install, migrate, load the demo data (embedded SQLite only) and serve on $(HOST)
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	@if [ -z "$$DATABASE_URL" ]; then $(BIN)/python manage.py seed_demo; \
	else echo "DATABASE_URL diset: data demo tidak dimuat (jalankan 'make seed' bila perlu)."; fi
	$(BIN)/python manage.py runserver $(HOST)

## test: lint, then the whole pytest suite (SQLite unless DATABASE_URL says otherwise)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: $(STAMP)
	$(BIN)/python manage.py seed_demo

check-migrations: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache screenshots

## messages: refresh the English catalogue after changing user-facing text (needs gettext)
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=static/vendor --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
