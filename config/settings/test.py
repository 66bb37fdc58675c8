"""Test settings: fast hashing, files in a temporary folder, the real database task backend."""

import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="evidence-test-media-"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Task and request logs drown test failures; warnings and errors still show.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# The database's own search engine, whatever the shell says; tests that want Elasticsearch switch
# with override_settings(SEARCH_ENGINE=...) (tests/search/conftest.py).
SEARCH_ENGINE = {"BACKEND": DATABASE_SEARCH_ENGINES[DATABASES["default"]["ENGINE"]]}  # noqa: F405
