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

# Tests choose their search engine explicitly (tests/search/conftest.py), whatever the shell says.
ELASTICSEARCH_URL = ""
