# Two commands do all the set-up: `make run` serves the demo archive, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test test-postgres test-s3 install node lint worker clean messages

# Debian's packages first: tesserocr is built against Debian's libtesseract (requirements.txt).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	scripts/system_packages.sh
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The npm programs the tests drive (citeproc-js and citation-js: package.json), pinned by the
# lock file. Node and npm come from Debian (scripts/system_packages.sh).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# The interface's catalogues: extract new strings into locale/*/django.po, compile the .mo files
# (committed). A speaker's correction is an edit of the .po and this (README: translations).
messages: install
	PY=$(PY) scripts/messages.sh

run: install
	scripts/system_packages.sh
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

# The suite runs twice: on SQLite (in memory) with files on disk, then on a real PostgreSQL
# server with originals and every derivative in a bucket on a real S3 server (test-postgres).
# The tests always get config.settings.test, whatever DJANGO_SETTINGS_MODULE the shell exports.
PYTEST := DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest

# A throw-away Elasticsearch node runs for the SQLite run and is always stopped afterwards. With
# CI=true a node that cannot start fails the run; elsewhere its tests skip and say why.
# ELASTICSEARCH_URL=http://... make test uses that node instead and starts nothing.
test: install
	scripts/system_packages.sh
	@$(MAKE) --no-print-directory node
	@# The S3 server's binary is built (once; minutes on a fresh machine) at the lowest priority
	@# while the SQLite run goes on; the second pass's `build` waits for it (a lock) and reports.
	@mkdir -p .s3 && (nice -n 19 $(S3) build >.s3/build.log 2>&1 &)
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
	env -u DATABASE_URL -u STORAGE_URL $(PYTEST) $(addprefix --ignore=,$(S3_ONLY))
	@$(MAKE) --no-print-directory test-postgres

PG := scripts/postgres.sh
export PG_PORT ?= 55432
# What the PostgreSQL run leaves out, having run it on SQLite already: tests/processing (no
# database at all), the Elasticsearch engine's tests, its outages and its 3-node cluster (the
# node does the searching whatever the database), the production smoke test (its own
# instance, on SQLite) and Lighthouse (it scores what the browser receives, the same HTML either
# way; five pages, about 70 s). Every other test runs, the search contract on PostgreSQL's
# full-text search, the other browser tests and the tests that need the S3 server among them.
PG_TESTS ?= tests --ignore=tests/processing --ignore=tests/test_elasticsearch_node.py \
	--ignore=tests/search/test_unavailable.py --ignore=tests/test_production.py \
	--ignore=tests/browser/test_lighthouse.py -m "not cluster" -k "not elasticsearch"

# The second pass: a throw-away PostgreSQL server (Debian's package; installed if missing) and a
# throw-away S3 server (SeaweedFS, built once from the Go module proxy into .s3/weed:
# docs/decisions/0015) holding the files, both always stopped and deleted afterwards: every
# test above stores, reads, serves, packs, checks and restores its files in the bucket. With
# CI=true a server that cannot start fails the run; elsewhere the run is skipped (no
# PostgreSQL) or keeps its files on disk (no S3 server) and says why. DATABASE_URL=postgres://...
# make test uses that server, STORAGE_URL=s3://... that bucket, and starts nothing for it.
test-postgres: install node
	@pg=; s3=; trap '[ -z "$$pg" ] || $(PG) stop; [ -z "$$s3" ] || $(S3) stop' EXIT; \
	trap 'exit 130' INT TERM; \
	case "$$DATABASE_URL" in \
	postgres*) echo "PostgreSQL: using DATABASE_URL";; \
	*) pg=started; if url=$$($(PG) start); then export "$$url"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL did not start, and CI must run the suite on it (see above)" >&2; exit 1; \
	else \
		echo "PostgreSQL did not start (see above): the PostgreSQL run is skipped" >&2; exit 0; \
	fi;; \
	esac; \
	case "$$STORAGE_URL" in \
	s3://*) echo "S3: using STORAGE_URL";; \
	*) s3=started; if $(S3) build && url=$$($(S3) start); then export "$$url"; \
	elif [ "$$CI" = "true" ]; then \
		echo "The S3 server did not start, and CI must run the suite on it (see above)" >&2; exit 1; \
	else \
		echo "The S3 server did not start (see above): files stay on disk" >&2; unset STORAGE_URL; \
	fi;; \
	esac; \
	$(PYTEST) $(PG_TESTS)

S3 := $(PY) scripts/s3_server.py
export S3_PORT ?= 8333
# Tests that need the S3 server (an archive moved between a disk and a bucket; the bucket's own
# privacy) run only in the second pass; the SQLite pass leaves them out.
S3_ONLY := tests/sitewide/test_backup_storage_kinds.py tests/archive/test_object_storage.py
# By hand, not part of `make test`: the tests that store, read or serve files, on SQLite with
# the files in a bucket (a quicker check of a storage change than the whole second pass).
S3_TESTS ?= tests/archive/test_ingestion.py tests/archive/test_office_ingestion.py \
	tests/archive/test_email_ingestion.py tests/archive/test_photos.py \
	tests/archive/test_page_images.py tests/archive/test_access.py tests/archive/test_fixity.py \
	tests/archive/test_reprocess_files.py tests/archive/test_import_command.py \
	tests/letters/test_pack.py tests/sitewide/test_backup.py $(S3_ONLY)
test-s3: install node
	@case "$$STORAGE_URL" in \
	s3://*) echo "S3: using STORAGE_URL"; env -u DATABASE_URL $(PYTEST) $(S3_TESTS); exit $$?;; \
	esac; \
	trap '$(S3) stop' EXIT; \
	trap 'exit 130' INT TERM; \
	if $(S3) build && url=$$($(S3) start); then \
		export "$$url"; \
		env -u DATABASE_URL $(PYTEST) $(S3_TESTS); \
	else \
		echo "The S3 server did not start (see above)" >&2; exit 1; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media/originals media/previews static .es .pg .s3
