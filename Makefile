# Pantau KLA: the two commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run dev test lint format migrate seed check-migrations bench messages clean \
	static worker beat load backup restore

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## run: install, migrate, load the demo data (embedded SQLite only), collect the static files
## and serve on $(HOST) through gunicorn with threads, as in production (gunicorn.conf.py).
## The embedded default (no DATABASE_URL) is a local demo: DEBUG=1 unless DEBUG is set. With
## DATABASE_URL set the environment decides (DEBUG, SECRET_KEY, ALLOWED_HOSTS: docs/deploy.md).
EMBEDDED_DEBUG := $(if $(DATABASE_URL),,1)
run static worker beat backup restore: export DEBUG ?= $(EMBEDDED_DEBUG)
dev: export DEBUG ?= 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	@if [ -z "$$DATABASE_URL" ]; then $(BIN)/python manage.py seed_demo; \
	else echo "DATABASE_URL diset: data demo tidak dimuat (jalankan 'make seed' bila perlu)."; fi
	$(MAKE) --no-print-directory static
	GUNICORN_BIND=$(HOST) exec $(BIN)/gunicorn kla.wsgi

## dev: Django's runserver with autoreload, for developers (static files from the source tree)
dev: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST)

## static: hashed, compressed copies of static/ in STATIC_ROOT, served by WhiteNoise
static: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput -v0

## worker / beat: the Celery worker and schedule (need CELERY_BROKER_URL, e.g. Redis)
worker: $(STAMP)
	$(BIN)/celery -A kla worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A kla beat --loglevel=INFO --schedule=$${KLA_VAR_DIR:-var}/celerybeat-schedule

## load: locust, headless, on 127.0.0.1 against gunicorn (PostgreSQL when DATABASE_URL is set);
## USERS=50 DURATION=60 (seconds) by default; prints the table and the integrity check (loadtest/)
USERS ?= 50
DURATION ?= 60
load: $(STAMP)
	$(BIN)/python loadtest/run.py --users $(USERS) --seconds $(DURATION) $(LOAD_ARGS)

## backup / restore: one dated archive (database, evidence, manifest); ARCHIVE=... to restore
backup: $(STAMP)
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: $(STAMP)
	$(BIN)/python manage.py restore $(ARCHIVE) $(RESTORE_ARGS)

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

seed: export DEBUG ?= 1
seed: $(STAMP)
	$(BIN)/python manage.py seed_demo

check-migrations: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache screenshots

## messages: refresh the English catalogue after changing user-facing text (needs gettext)
messages: export DEBUG ?= 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=static/vendor --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
