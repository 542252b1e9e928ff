# Two commands do everything: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Development installs requirements-dev.lock (production's requirements.lock plus tests, lint, demo).
STAMP := $(VENV)/.installed-$(shell cksum requirements-dev.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The address every absolute link (emails, feeds, the sitemap, the API, vCards) points at: it
# follows HOST and PORT unless set (e.g. a name other machines reach when HOST=0.0.0.0).
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
DEV := DJANGO_SETTINGS_MODULE=portal.settings.dev PORTAL_BASE_URL=$(PORTAL_BASE_URL)

.PHONY: messages audit load faults install run serve worker retry-deliveries test test-fast test-postgres test-browser lint format bench lock clean

install: $(STAMP)

$(STAMP): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: install
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py site_address
	$(DEV) $(PY) manage.py retry_deliveries
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at /admin/); a task worker runs beside it. Ctrl-C stops both."
	@$(DEV) $(PY) manage.py db_worker --interval 1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(DEV) $(PY) manage.py db_worker

# Queue again emails left unsent by a crash or an outage (cron this every few minutes in production).
retry-deliveries: install
	$(DEV) $(PY) manage.py retry_deliveries

# The whole suite on every core (pytest-xdist: one test database per worker, each module's tests on
# one worker so module-scoped fixtures are built once), with one worker more than there are cores:
# the browser tests spend much of their time waiting for Chromium and the live server, and the
# extra worker keeps the cores busy meanwhile (on 2 cores, the same code: 213 s with 3 workers,
# 242 s with 2). PYTEST_ARGS passes options through, e.g. `make test PYTEST_ARGS="-x tests/inbox"`;
# XDIST=-n2 (or XDIST= for one process) overrides the workers. pytest's exit code 5 (nothing
# collected) is not a failure.
# Python's bytecode cache is kept even where PYTHONDONTWRITEBYTECODE is set: each worker and each
# process a test starts would otherwise compile every module anew (about 10 s a worker).
# `=`, not `:=`: worked out only when a test target runs, not on every `make`.
WORKERS = $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
XDIST ?= -n $(WORKERS) --dist loadscope
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest
test: install
	$(PYTEST) $(XDIST) $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The same without the slow tests (browser journeys, seed_demo, HTTP fuzzing): for the edit-test loop.
test-fast: install
	$(PYTEST) $(XDIST) -m "not slow" $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST) $(XDIST) $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The journeys and accessibility checks in Debian's Chromium (apt-get install -y chromium
# chromium-headless-shell; the headless shell is used where installed, see tests/browser/conftest.py).
test-browser: install
	$(PYTEST) -m browser tests/browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check templates
	$(MAKE) --no-print-directory audit

# Known vulnerabilities in the pinned dependencies, production's and the tools' alike
# (requirements-dev.lock holds every pin of requirements.lock) (pip-audit in its own venv, not the runtime's,
# so it needs no `make install`; reinstalled when PIP_AUDIT_VERSION changes). AUDIT_STRICT=1 also
# fails when some pins could not be checked (CI sets it).
AUDIT_VENV := .venv-audit
PIP_AUDIT_VERSION := 2.10.1
audit:
	@$(AUDIT_VENV)/bin/pip-audit --version 2>/dev/null | grep -qx 'pip-audit $(PIP_AUDIT_VERSION)' || \
	  ( $(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install --quiet \
	    --disable-pip-version-check pip-audit==$(PIP_AUDIT_VERSION) )
	$(AUDIT_VENV)/bin/python scripts/audit.py $(AUDIT_VENV)/bin/pip-audit requirements-dev.lock

# Load and fault tests against gunicorn + PostgreSQL + Redis on this machine (not in `make test`).
LOAD_ARGS ?= --duration 60 --clients 32
load: install
	$(PY) bench/load.py $(LOAD_ARGS)

faults: install
	bash bench/faults.sh $(LOAD_ARGS)

# Compile the portal's wording (locale/en_GB/LC_MESSAGES/django.po) after editing it; needs msgfmt.
messages:
	msgfmt --check -o locale/en_GB/LC_MESSAGES/django.mo locale/en_GB/LC_MESSAGES/django.po

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Two locks: requirements.lock (what production installs, from requirements.in) and
# requirements-dev.lock (requirements-dev.in, resolved with the production pins as constraints, so
# development and tests run the very versions production does).
lock:
	rm -rf /tmp/liaison-lock-venv
	$(PYTHON) -m venv /tmp/liaison-lock-venv
	/tmp/liaison-lock-venv/bin/pip install --quiet -r requirements.in
	( echo '# Generated by `make lock` from requirements.in: the exact versions production installs.'; \
	  /tmp/liaison-lock-venv/bin/pip freeze ) > requirements.lock
	/tmp/liaison-lock-venv/bin/pip install --quiet -r requirements-dev.in -c requirements.lock
	( echo '# Generated by `make lock` from requirements-dev.in (which includes requirements.in): the exact'; \
	  echo '# versions development, tests and CI install.'; \
	  /tmp/liaison-lock-venv/bin/pip freeze ) > requirements-dev.lock
	rm -rf /tmp/liaison-lock-venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
