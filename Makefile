# Two commands do everything on a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Development runs with DEBUG on; tests and `make serve` run as production does, DEBUG off.
# Tests keep the cache in memory (CACHE_URL): each test's rows roll back, and a query count then
# counts the database only; the shared database cache is proven across two app servers by
# deploy/smoke.sh and tests/umkm_portal/test_settings.py.
DEV_ENV := DEBUG=true
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-not-for-production \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver SECURE_SSL_REDIRECT=false \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	CACHE_URL=locmemcache://
SERVE_ENV := DEBUG=false \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECURE_SSL_REDIRECT=false \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0

.PHONY: run test test-fast install setup serve worker lint format messages clean

run: setup
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# The suite people run often: everything but the browser journeys and the tests that start other
# programs (manage.py, LibreOffice, lint-imports). `make test` stays the whole suite.
test-fast: install
	$(TEST_ENV) $(BIN)/pytest -m "not browser and not subprocess" -n auto --dist worksteal $(PYTEST_ARGS)

install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_regions
	$(DEV_ENV) $(PY) manage.py load_demo_data
	$(DEV_ENV) $(PY) manage.py setup_roles
	$(DEV_ENV) $(PY) manage.py ensure_staff_login

# make serve: the portal as production runs it. Settings from the environment or .env (see
# .env.example): SECRET_KEY (required), ALLOWED_HOSTS, ADMIN_CONTACT, TWO_FACTOR_REQUIRED_FOR, and
# the database timeouts DB_CONNECT_TIMEOUT [5 s] and DB_STATEMENT_TIMEOUT [30 s] (PostgreSQL) or
# DB_BUSY_TIMEOUT [10 s] (SQLite): a database that does not answer gets the 503 page within them.
serve: install
	@test -n "$$SECRET_KEY" || grep -qs '^SECRET_KEY=.' .env || { echo 'make serve needs a SECRET_KEY of its own: run  export SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"  (or put SECRET_KEY=... in .env), then make serve again.'; exit 1; }
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py umkm_portal.wsgi --bind $(HOST):$(PORT)

# The task worker: builds exports over BACKGROUND_EXPORT_ROWS rows. Run it beside `make run`.
worker: install
	$(DEV_ENV) $(PY) manage.py db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed. File names
# without line numbers, so moving code does not make the translations look out of date.
messages: install
	cd $(CURDIR) && $(DEV_ENV) $(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=staticfiles --no-obsolete --add-location=file
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal
