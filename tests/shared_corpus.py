"""Locating ../shared/corpus: tests over it run whenever it exists, and must run in CI."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_dir(name: str) -> Path:
    """The corpus folder, or a skip outside CI; in CI a missing corpus is a failure."""
    folder = CORPUS / name
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{folder} is missing, and CI must run the corpus tests")
        pytest.skip(f"{folder} not present (tests over the shared corpus run when it is)")
    return folder


def manifest(name: str) -> list[dict[str, str]]:
    with (CORPUS / name / "MANIFEST.tsv").open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def manifest_names(name: str) -> list[str]:
    """File names for parametrising; empty when the corpus is absent (the test then skips)."""
    path = CORPUS / name / "MANIFEST.tsv"
    return [row["file"] for row in manifest(name)] if path.exists() else []
