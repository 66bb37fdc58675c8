"""Fixtures for the letters tests."""

import pytest

from tests.factories import make_letter_index


@pytest.fixture
def letters(site_tree):
    """The letter index under the home page (test modules with their own fixture keep it)."""
    return make_letter_index(site_tree["home"])
