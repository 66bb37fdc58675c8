"""Production: secrets and hosts from the environment, static files by WhiteNoise, JSON logs.

Served by gunicorn (gunicorn.conf.py); `manage.py check --deploy` is clean with these settings
(tests/test_production.py). How to run it: docs/operations.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    BASE_DIR,
    LOGGING,
    MEDIA_ROOT,
    MIDDLEWARE,
    STATIC_ROOT,
    STORAGES,
    env_bool,
    env_list,
)

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxy in front (docs/operations.md) appends the visitor's address to
# X-Forwarded-For: login throttling counts per visitor, not per proxy (config/client_ip.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 1))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking browsers to preload HSTS for the whole domain is the organisation's call (undoing it
# takes months), so it is off unless SECURE_HSTS_PRELOAD=true, and the check saying so is quiet.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True

# Static files (CSS, Wagtail's admin) from the application's own processes: WhiteNoise serves
# STATIC_ROOT, as `collectstatic` fills it, with hashed names, gzip/brotli and far-future caching.
# It serves nothing else: originals and previews under MEDIA_ROOT go only through
# archive.views, which checks access, so neither folder may sit inside the other.
MIDDLEWARE = [
    MIDDLEWARE[0],  # SecurityMiddleware first, as Django's check expects
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": STORAGES["default"],  # the local folder, or the bucket STORAGE_URL names
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
_media, _static = MEDIA_ROOT.resolve(), STATIC_ROOT.resolve()
if _media.is_relative_to(_static) or _static.is_relative_to(_media):
    raise ImproperlyConfigured(
        f"MEDIA_ROOT ({_media}) and STATIC_ROOT ({_static}) must not contain each other: "
        "static files are served to anyone, originals only through the access checks."
    )
if _media.is_relative_to(BASE_DIR / "assets"):
    raise ImproperlyConfigured("MEDIA_ROOT must not be inside assets/ (a static files folder).")

# One JSON object per log line (config/logging.py); gunicorn's lines share the shape.
LOGGING["formatters"]["json"] = {"()": "config.logging.JsonFormatter"}
LOGGING["handlers"]["console"]["formatter"] = "json"
