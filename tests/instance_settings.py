"""Settings for a second archive instance that tests run in subprocesses (workers, restore).

Base settings, so the database (DATABASE_URL) and media folder (MEDIA_ROOT) are the ones the
test puts in the environment: config.settings.test would give each process its own temporary
media folder.
"""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
