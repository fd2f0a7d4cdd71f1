# Two commands for a fresh machine: `make demo` and `make test` (README).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PYTHON ?= python
UV := $(PYTHON) -m uv
VENV := .venv/bin
HOST ?= 127.0.0.1:8000

.PHONY: install demo serve test test-pg lint migrations-check ci messages bench backup restore

install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen --quiet
	@mkdir -p var

demo: install
	$(VENV)/python manage.py migrate --noinput
	$(VENV)/python manage.py load_demo
	$(VENV)/python manage.py runserver $(HOST)

test: install
	$(VENV)/pytest -n 2 --dist loadfile

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partenaria} DATABASE_CONN_MAX_AGE=0 $(VENV)/pytest -n 2 --dist loadfile

lint: install
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

migrations-check: install
	$(VENV)/python manage.py makemigrations --check --dry-run

messages: install
	$(VENV)/python manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=bench
	$(VENV)/python manage.py compilemessages --ignore=.venv

bench: install
	$(VENV)/python bench/run.py

# Database (PostgreSQL or SQLite, as DATABASE_URL says) and uploaded files into var/backups/ (trust 25).
backup: install
	$(VENV)/python manage.py backup

# make restore ARCHIVE=var/backups/partenaria-YYYYMMDD-HHMMSS.tar.gz [INTO=postgres://.../fresh] [YES=1]
# (with INTO, a drill: the files go next to the archive, the running site's are left alone)
restore: install
	@test -n "$(ARCHIVE)" || (echo "Usage: make restore ARCHIVE=var/backups/partenaria-....tar.gz [INTO=DATABASE_URL]" && exit 2)
	$(VENV)/python manage.py restore "$(ARCHIVE)" $(if $(INTO),--into "$(INTO)") $(if $(YES),--yes)
