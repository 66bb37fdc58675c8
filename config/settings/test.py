"""Test settings: fast hashing, files in a temporary folder, the real database task backend."""

import tempfile
import uuid

from config.storage import storage_from_env, with_own_prefix

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="evidence-test-media-"))  # noqa: F405
# Object storage when STORAGE_URL says so (make test-postgres), under a prefix of its own,
# as the media folder above is: runs and processes sharing a bucket never see each other's files.
STORAGES = {
    "default": with_own_prefix(storage_from_env(), f"test-{uuid.uuid4().hex[:12]}"),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Task and request logs drown test failures; warnings and errors still show.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# The database's own search engine, whatever the shell says; tests that want Elasticsearch switch
# with override_settings(SEARCH_ENGINE=...) (tests/search/conftest.py).
SEARCH_ENGINE = {"BACKEND": DATABASE_SEARCH_ENGINES[DATABASES["default"]["ENGINE"]]}  # noqa: F405
