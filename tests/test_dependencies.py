"""Dependencies run one way: config → sitewide, api → letters, search → archive.

The evidence core (archive) knows nothing of the apps built on it, letters and search know
nothing of each other or of sitewide; a template under templates/archive/ loads no other app's
tags and includes no other app's templates. Read from the source (ast, including imports inside
functions), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("archive", "letters", "search", "sitewide", "api")
# What each app may import of the project's apps (itself always).
ALLOWED = {
    "archive": set(),
    "letters": {"archive"},
    "search": {"archive"},
    "sitewide": {"archive", "letters", "search"},
    "api": {"archive", "letters", "search"},  # at sitewide's level: an item's JSON has "cited in"
}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def app_imports(app: str) -> dict[str, set[str]]:
    """{project app imported: the files of `app` that import it}."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in APPS and top != app:
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {dep: files for dep, files in app_imports(app).items() if dep not in ALLOWED[app]}
    assert not wrong, f"{app} must not import {sorted(wrong)}: {wrong}"


def test_the_walk_sees_function_level_imports(tmp_path):
    """The check itself: an import inside a function counts."""
    source = tmp_path / "lazy.py"
    source.write_text("def f():\n    from letters.models import LetterPage\n")
    assert "letters.models" in imported_modules(source)


LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def other_apps_tag_libraries() -> set[str]:
    return {
        path.stem
        for app in APPS
        if app != "archive"
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def test_archive_templates_use_no_other_apps_tags_or_templates():
    foreign_tags = other_apps_tag_libraries()
    assert "citation_tags" in foreign_tags  # letters' library, which archive once loaded
    problems = []
    for path in sorted((ROOT / "templates" / "archive").rglob("*.html")):
        text = path.read_text()
        for libraries in LOAD.findall(text):
            problems += [
                f"{path.name} loads {lib}" for lib in libraries.split() if lib in foreign_tags
            ]
        for template in INCLUDE.findall(text):
            if template.split("/")[0] in APPS and not template.startswith("archive/"):
                problems.append(f"{path.name} includes {template}")
    assert not problems, problems
