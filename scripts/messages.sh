#!/usr/bin/env bash
# Extracts the interface's strings into each language's catalogue (locale/<lang>/LC_MESSAGES/
# django.po: new strings come in untranslated, changed ones marked fuzzy) and compiles them to
# the .mo files Django reads, which are committed so the archive runs without gettext installed.
# `make messages` runs it; tests/sitewide/test_catalogues.py runs the extraction on a copy and
# fails while any string is untranslated or fuzzy.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
PY="${PY:-.venv/bin/python}"
"$PY" manage.py makemessages --no-obsolete -l zh_Hans -l zh_Hant -l bo -l ug \
    -i ".venv/*" -i "tests/*" -i "bench/*" -i "media/*" -i "static/*" -i "node_modules/*" \
    -i ".es/*" -i "docs/*" -i "scripts/*"
[ "${COMPILE:-1}" = 0 ] || "$PY" manage.py compilemessages -i ".venv" -i "node_modules"
