"""Locating ../shared/corpus: tests over it run whenever it exists, and must run in CI.

A test that reads a corpus folder says which with `@pytest.mark.corpus("bad")`; with CI=true,
tests/conftest.py fails the run before any test if a folder that a collected test names is
missing or empty (a parametrised test over a missing manifest would otherwise collapse into a
single "got empty parameter set" skip). SHARED_CORPUS points at another copy of the corpus.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

CORPUS = Path(
    os.environ.get("SHARED_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
)


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def corpus_problem(name: str) -> str:
    """Why the corpus folder cannot be tested, or "" if it can: every file it lists is there."""
    folder = CORPUS / name
    if not (folder / "MANIFEST.tsv").is_file():
        return f"{folder} is missing" if not folder.is_dir() else f"{folder} has no MANIFEST.tsv"
    names = [row["file"] for row in manifest(name)]
    if not names:
        return f"{folder}/MANIFEST.tsv lists no files"
    absent = [n for n in names if not (folder / n).is_file()]
    if absent:
        return f"{folder} lacks {len(absent)} of the files its manifest lists, e.g. {absent[0]}"
    return ""


def corpus_dir(name: str) -> Path:
    """The corpus folder, or a skip outside CI; in CI a missing corpus is a failure."""
    problem = corpus_problem(name)
    if problem:
        if in_ci():
            pytest.fail(f"{problem}, and CI must run the corpus tests")
        pytest.skip(f"{problem} (tests over the shared corpus run when it is there)")
    return CORPUS / name


def manifest(name: str) -> list[dict[str, str]]:
    with (CORPUS / name / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def manifest_names(name: str) -> list[str]:
    """File names for parametrising; empty when the corpus is absent (the test then skips)."""
    path = CORPUS / name / "MANIFEST.tsv"
    return [row["file"] for row in manifest(name)] if path.exists() else []


def manifest_probes(name: str, kinds: set[str] | None = None) -> list[tuple[str, str]]:
    """(file, probe) for every probe phrase of the manifest (` | ` separates several), of the
    files of these kinds (all by default); one empty pair when the corpus is absent, so that a
    test parametrised over it runs once and skips (fails in CI) rather than vanishing."""
    if not (CORPUS / name / "MANIFEST.tsv").exists():
        return [("", "")]
    return [
        (row["file"], probe.strip())
        for row in manifest(name)
        if kinds is None or row["kind"] in kinds
        for probe in row["probe"].split("|")
        if probe.strip()
    ]


def corpus_missing_in_ci(items: list[pytest.Item]) -> list[str]:
    """With CI=true: the problem with each corpus folder a collected test is marked with."""
    if not in_ci():
        return []
    needed = set()
    for item in items:
        for mark in item.iter_markers("corpus"):
            if not mark.args:
                return [f"{item.nodeid}: @pytest.mark.corpus names no folder"]
            needed.update(mark.args)
    return [problem for name in sorted(needed) if (problem := corpus_problem(name))]
