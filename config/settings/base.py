"""Settings shared by every environment; each value can be overridden from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

import django.conf.locale

from config.storage import storage_from_env

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "sitewide",
    "api",
    "archive",
    "letters",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every dynamic answer depends on access: `private, no-cache` unless the view says more.
    "archive.middleware.PrivateCachingMiddleware",
    "archive.csp.SiteCSPMiddleware",  # django-csp's, with what Wagtail's admin needs
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface's language from the URL's prefix (/zh-hans/, /bo/, /ug/…), English without
    # one (config/urls.py): never from a cookie or Accept-Language, so an address always shows
    # the same language, and every English link and citation keeps its meaning.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 404 for an admin URL naming restricted evidence the user may not see (admin_access.py).
    "archive.admin_access.RestrictedAdminMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its answer (429).
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes) for every login form, the admin's above all: after
# AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused,
# right password or not, for the cool-off; each failure is logged (logger "axes", WARNING) with
# the username and stored (axes.AccessAttempt). The username and address together, so that
# nobody can lock a researcher out from elsewhere and one address cannot try many passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses before a password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["ip_address"]  # the address is stored, not written to the logs
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

ROOT_URLCONF = "config.urls"

# Content-Security-Policy on every response (django-csp) that has none of its own: originals
# and previews keep their stricter sandbox policy (archive/views.py FILE_CSP). Nothing but this
# site's own files, no inline script or style; under /admin/ Wagtail needs inline script and
# style as well (archive/csp.py). tests/browser/test_csp.py opens the public pages and the
# admin's explorer, editors and documents in Chromium and asserts no violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],  # the admin's upload previews are blob: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],  # the admin's live preview of a page
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# No page of the archive needs the machine's sensors, camera, microphone or payment: refused
# to this site and anything it could be made to embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default so the archive runs with nothing installed; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the task worker share the file: wait for locks instead of failing,
    # and let readers proceed while the worker writes (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # A 64 MiB page cache and memory-mapped reads: full-text queries walk large doclists.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "public": rendered evidence pages and search results for anonymous readers (archive/public_cache,
# docs/decisions/0007). In each worker's memory: its freshness comes from a token in the
# database, not from the store, so a shared store (Redis, Memcached) is optional.
PUBLIC_CACHE_ENTRIES = int(os.environ.get("PUBLIC_CACHE_ENTRIES", 4000))  # 0 turns it off
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-responses",
        "TIMEOUT": 600,
        # ~9 KB an evidence page, ~17 KB a search (bench/load.py): at most ~70 MB per worker.
        "OPTIONS": {"MAX_ENTRIES": PUBLIC_CACHE_ENTRIES},
    }
    if PUBLIC_CACHE_ENTRIES
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The public interface's languages (the evidence itself is not translated: each item keeps its
# own language, marked with lang= in the page). English is at today's URLs; the others under
# their code's prefix. Their catalogues are in locale/ (README: how a speaker corrects one).
LANGUAGES = [
    ("en-gb", "English"),
    ("zh-hans", "Simplified Chinese"),
    ("zh-hant", "Traditional Chinese"),
    ("bo", "Tibetan"),
    ("ug", "Uyghur"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own form ("2024年3月1日"); config/formats adds Tibetan's, which Django
# lacks. Numbers in pages are grouped by each language's separator where templates ask
# (intcomma, localize).
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = False
# Django knows Uyghur (right to left) but not Tibetan: added the documented way, so that
# get_language_info("bo"), {% get_language_info %} and the language switcher can name it.
EXTRA_LANG_INFO = {
    "bo": {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"},
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
# Wagtail's content locales stay one (WAGTAIL_I18N_ENABLED is off): the interface is translated,
# the page tree is not, and the admin is not offered a locale per page.
WAGTAIL_CONTENT_LANGUAGES = [(LANGUAGE_CODE, "English")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "assets"]

# Originals and previews live under MEDIA_ROOT but are never served from MEDIA_URL: every file
# goes through archive.views.serve_file or serve_preview, which check access (restricted
# evidence must not leak).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"
# STORAGE_URL=s3://bucket?endpoint_url=... (or AWS_STORAGE_BUCKET_NAME) puts them in a private
# bucket instead, through django-storages (config/storage.py, docs/decisions/0015).
STORAGES = {
    "default": storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

WAGTAIL_SITE_NAME = "Evidence Archive"
# No Gravatar: a researcher's e-mail hash is not sent to a third party (and the CSP has no
# other origin for images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for a newer version (a third-party request
# from every researcher's browser, which the CSP refuses anyway): upgrades are the lead's call.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "archive.EvidenceFile"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "archive.forms.EvidenceFileForm"
WAGTAILDOCS_EXTENSIONS = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Metadata search (admin, chooser) goes through Wagtail's search framework.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Public page-level search: one engine, named by its class with its options (as Wagtail's
# WAGTAILSEARCH_BACKENDS and Django's CACHES are); search.engines.get_engine() builds it. The
# database's own engine (SQLite FTS5, or PostgreSQL's full-text search) by default; Elasticsearch 8
# when ELASTICSEARCH_URL is set (several nodes comma-separated).
DATABASE_SEARCH_ENGINES = {
    "django.db.backends.sqlite3": "search.engines.sqlite_fts.SqliteFtsEngine",
    "django.db.backends.postgresql": "search.engines.postgres_fts.PostgresFtsEngine",
}
if os.environ.get("ELASTICSEARCH_URL", "").strip():
    SEARCH_ENGINE = {
        "BACKEND": "search.engines.elastic.ElasticsearchEngine",
        "OPTIONS": {
            "url": os.environ["ELASTICSEARCH_URL"],
            "index": os.environ.get("ELASTICSEARCH_INDEX", "evidence-pages"),
            # Copies of each shard on other nodes: with 1, a cluster of two or more survives
            # losing a node.
            "replicas": int(os.environ.get("ELASTICSEARCH_REPLICAS", 1)),
            # Primary shards of a new index: each runs on its own thread, so one search can use
            # as many cores (docs/decisions/0016-elasticsearch-shards.md).
            "shards": int(os.environ.get("ELASTICSEARCH_SHARDS", 1)),
            # How long a search waits before answering "search unavailable".
            "timeout": float(os.environ.get("SEARCH_TIMEOUT_SECONDS", 2)),
        },
    }
else:
    SEARCH_ENGINE = {"BACKEND": DATABASE_SEARCH_ENGINES[DATABASES["default"]["ENGINE"]]}

# Background work: django-tasks with its database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Limits for reading one file in a child process (see archive/processing/limits.py).
ARCHIVE_PROCESSING_SECONDS = float(os.environ.get("ARCHIVE_PROCESSING_SECONDS", 60))
ARCHIVE_PROCESSING_MEMORY_MB = int(os.environ.get("ARCHIVE_PROCESSING_MEMORY_MB", 1024))
ARCHIVE_MAX_PAGES = int(os.environ.get("ARCHIVE_MAX_PAGES", 5000))
# Scanned pages OCRed in one task; a longer scan's other pages are read by later tasks, queued
# behind other files (archive/services/ocr_runs.py).
ARCHIVE_OCR_PAGES_PER_TASK = int(os.environ.get("ARCHIVE_OCR_PAGES_PER_TASK", 20))
ARCHIVE_MAX_IMAGE_PIXELS = int(os.environ.get("ARCHIVE_MAX_IMAGE_PIXELS", 100_000_000))
# A message inside a message inside ...: attachments are stored this many levels down, no more.
ARCHIVE_MAX_ATTACHMENT_DEPTH = int(os.environ.get("ARCHIVE_MAX_ATTACHMENT_DEPTH", 5))
# Which of an email's headers the public page shows (date, subject, from, to, cc), comma-separated.
# From, to and cc show names only unless ARCHIVE_EMAIL_PUBLIC_ADDRESSES is "true": a witness's
# address is not evidence the public needs.
ARCHIVE_EMAIL_PUBLIC_HEADERS = [
    h.strip().lower()
    for h in os.environ.get("ARCHIVE_EMAIL_PUBLIC_HEADERS", "date,subject,from,to").split(",")
    if h.strip()
]
ARCHIVE_EMAIL_PUBLIC_ADDRESSES = os.environ.get("ARCHIVE_EMAIL_PUBLIC_ADDRESSES") == "true"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per task state change drowns everything else; raise it when debugging the queue.
    # django-tasks logs task states as "django_tasks", its database worker as "django_tasks_db".
    "loggers": {
        **{
            name: {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}
            for name in ("django_tasks", "django_tasks_db")
        },
        # django-axes says at INFO that it started and that it reset counters, in every process
        # (a quiet import included); its failures and lockouts are WARNING and still reach the log.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
    },
}
