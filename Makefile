# Accord: `make run` serves the demo on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
SCALE ?= demo national
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: setup run test bench lint format lock messages backup restore clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.env:
	@echo "Writing .env with development settings (DEBUG on, a random SECRET_KEY)."
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

## setup: virtualenv with pinned dependencies, front-end assets from npm, compiled translations
setup: $(BIN)/.installed node_modules/.installed
	@mkdir -p var
	@$(TEST_SETTINGS) $(BIN)/python manage.py compiletranslations

## run: migrate, load the demo (safe to repeat) and serve on http://$(HOST):$(PORT)
run: setup .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Accord is starting on http://$(HOST):$(PORT)/ (English: http://$(HOST):$(PORT)/en/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite (browser tests skip without Chromium unless ACCORD_REQUIRE_BROWSER=1)
test: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup -q

## bench: server time and SQL queries of the key pages at SCALE (demo national international)
bench: setup
	$(BIN)/python manage.py bench --settings=config.settings.bench $(foreach s,$(SCALE),--scale $(s))

## lint: ruff, mypy (django-stubs), import-linter
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_SETTINGS) $(BIN)/mypy accord config bench
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: extract translatable strings into locale/fr (needs GNU gettext)
messages: setup
	$(TEST_SETTINGS) $(BIN)/python manage.py makemessages -l fr -l en --no-obsolete --ignore=node_modules --ignore=.venv --ignore=var
	$(TEST_SETTINGS) $(BIN)/python manage.py compiletranslations

## lock: re-resolve requirements*.txt from requirements*.in
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet -r requirements.in
	(echo "# Generated from requirements.in by 'make lock'. Do not edit by hand."; var/lockenv/bin/pip freeze --exclude pip) > requirements.txt
	var/lockenv/bin/pip freeze --exclude pip | sort > var/lock-runtime.txt
	var/lockenv/bin/pip install --quiet -r requirements-dev.in
	var/lockenv/bin/pip freeze --exclude pip | sort > var/lock-all.txt
	(echo "# Generated from requirements-dev.in by 'make lock'. Do not edit by hand."; echo "-r requirements.txt"; comm -13 var/lock-runtime.txt var/lock-all.txt) > requirements-dev.txt

## backup: database + MEDIA_ROOT into $(BACKUP_DIR)/accord-<UTC time>/ with a manifest; keeps the $(KEEP) newest
BACKUP_DIR ?= var/backups
KEEP ?= 14
backup: $(BIN)/.installed
	$(BIN)/python manage.py backup --output $(BACKUP_DIR) --keep $(KEEP)

## restore: BACKUP=var/backups/accord-… checks every checksum, then replaces the database and MEDIA_ROOT
restore: $(BIN)/.installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/accord-<time>"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) node_modules staticfiles var/bench
