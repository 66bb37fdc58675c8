"""The interface's catalogues are complete (issue 16): a fresh extraction of every string the
code and templates mark for translation (scripts/messages.sh, on a copy of the project) leaves
nothing untranslated or fuzzy in any language; each catalogue says honestly who translated it;
and the committed .mo files are what the .po files compile to."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh_Hans", "zh_Hant", "bo", "ug")
# What the extraction reads: the apps, the templates, the settings and manage.py.
COPIED = ("manage.py", "config", "archive", "letters", "search", "api", "sitewide", "templates")


def _need_gettext():
    for tool in ("xgettext", "msgmerge", "msgattrib", "msgfmt"):
        if not shutil.which(tool):
            reason = f"{tool} (GNU gettext) is not installed: apt-get install gettext"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """The project's catalogues after a fresh makemessages over a copy of its sources."""
    _need_gettext()
    copy = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=ignore)
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    env = {**os.environ, "PY": sys.executable, "COMPILE": "0"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    done = subprocess.run(
        [str(copy / "scripts" / "messages.sh"), str(copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return copy / "locale"


def _entries(po: Path, *flags: str) -> str:
    """msgattrib's selection of the catalogue's entries (header left out), as text."""
    done = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", *flags, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return "\n".join(
        block for block in done.stdout.split("\n\n") if block.strip() and 'msgid ""' not in block
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_untranslated_or_fuzzy(fresh_catalogues, language):
    po = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    assert _entries(po, "--untranslated") == "", f"untranslated in {language}"
    assert _entries(po, "--only-fuzzy") == "", f"fuzzy in {language}"
    assert "%(counter)s item for" in po.read_text()  # the extraction did read the templates


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_is_the_fresh_one(fresh_catalogues, language):
    """Nothing extracted since the catalogue was last updated (run `make messages`)."""
    committed = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    fresh = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    ids = [_msgids(committed), _msgids(fresh)]
    assert ids[0] == ids[1]


def _msgids(po: Path) -> set[str]:
    out = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", "--no-location", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if line.startswith(("msgid ", "msgctxt "))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_says_it_is_machine_drafted(language):
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    assert "MACHINE-DRAFTED, NOT REVIEWED BY A SPEAKER" in text.split('msgid ""')[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_the_po_compiled(tmp_path, language):
    _need_gettext()
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(folder / "django.po")], check=True
    )
    with open(compiled, "rb") as fresh, open(folder / "django.mo", "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(fresh)._catalog
        ), f"locale/{language}: run `make messages` (compilemessages) and commit the .mo"
