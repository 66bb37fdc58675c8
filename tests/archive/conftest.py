"""Fixtures for tests that need a database that processes forked from this one can share."""

from __future__ import annotations

import pytest

from tests.conftest import build_site_tree


@pytest.fixture
def shared_index(shared_db):
    """The evidence index in the shared database."""
    return build_site_tree()["index"]
