# Two commands do all the set-up: `make run` serves the demo archive, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install lint worker clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	@echo "Starting a task worker and the site at http://127.0.0.1:$(PORT) (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --interval 1 --no-reload & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(PY) manage.py db_worker --no-reload

ES := $(PY) scripts/es_node.py
# Base port: node 1 answers on $(ES_PORT)+1 (9201). Why and how: docs/decisions/0003.
ES_PORT ?= 9200

# A throw-away Elasticsearch node runs for the suite and is always stopped afterwards. With
# CI=true a node that cannot start fails the run; elsewhere its tests skip and say why.
# ELASTICSEARCH_URL=http://... make test uses that node instead and starts nothing.
test: install
	scripts/system_packages.sh
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	@if [ -n "$$ELASTICSEARCH_URL" ]; then \
		echo "Elasticsearch: using ELASTICSEARCH_URL=$$ELASTICSEARCH_URL"; \
	else \
		trap '$(ES) stop --port $(ES_PORT)' EXIT; \
		trap 'exit 130' INT TERM; \
		if $(ES) fetch && $(ES) start --port $(ES_PORT) >/dev/null; then :; \
		elif [ "$$CI" = "true" ]; then \
			echo "Elasticsearch did not start, and CI must run its tests (see above)" >&2; exit 1; \
		else \
			echo "Elasticsearch did not start (see above): its tests will skip" >&2; \
		fi; \
	fi; \
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 media/originals media/previews static .es
