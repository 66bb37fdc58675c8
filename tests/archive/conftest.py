"""Fixtures for tests that need a second archive instance in other processes."""

from __future__ import annotations

import pytest

from tests.separate_instance import instance_from, migrated_database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    return migrated_database(tmp_path_factory.mktemp("migrated-template"))


@pytest.fixture
def make_instance(migrated_template, tmp_path):
    """make_instance("name", ENV=value, ...): an empty, migrated instance of its own."""

    def make(name: str = "instance", **env: str):
        return instance_from(migrated_template, tmp_path / name, **env)

    return make
