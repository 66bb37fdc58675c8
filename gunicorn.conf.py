"""gunicorn in production: `gunicorn -c gunicorn.conf.py config.wsgi` (docs/operations.md).

Settings from the environment: PORT (8000), BIND (overrides PORT, e.g. unix:/run/archive.sock),
WEB_CONCURRENCY (worker processes, default 2 per core + 1), WEB_THREADS (threads per worker, 4),
WEB_TIMEOUT (seconds, 60). DJANGO_SETTINGS_MODULE defaults to config.settings.production.
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads: a worker keeps answering while one of its threads streams an evidence pack or a large
# original to a slow client, and its heartbeat does not depend on any one request finishing.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
# One request per connection, and a worker takes a connection only when it has a thread free for
# it: otherwise one worker accepts (and queues) more than it can serve while another idles, and
# the slowest twentieth of requests waits behind them. Measured with bench/load.py (50 readers,
# 2 cores): evidence page p95 261 ms with gunicorn's defaults, 163 ms with these
# (docs/decisions/0007). Keep-alive with browsers belongs to the reverse proxy in front.
keepalive = 0
worker_connections = threads
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Load Django and Wagtail once in the master, then fork: config.wsgi calls gc.freeze() after
# loading, so the ~1M start-up objects sit outside the collector in every worker (BENCHMARKS.md)
# and their memory pages stay shared.
preload_app = True
# No runtime control socket (gunicornc): it would live at one path per user, which a second
# instance on the machine (a test run, a staging copy) would take over.
control_socket_disable = True
# Recycle workers now and then, so slow growth (fragmentation) cannot accumulate; the public
# cache is bounded (PUBLIC_CACHE_ENTRIES). Rarely: a new worker starts with an empty cache and
# cold lazy imports, and re-renders every popular page at once. At 2,000 requests each of 3
# workers was replaced every ~20 s under bench/load.py, and 20,000 gave 1.22-1.24x the
# throughput; at 20,000, once the public pages had grown faster (~700 req/s), a worker was
# still replaced every ~90 s, each time followed by seconds of search p95 over 400 ms
# (BENCHMARKS.md).
max_requests = 200_000
max_requests_jitter = 20_000

# Logs: JSON lines on stdout/stderr, the application's and gunicorn's in one shape.
accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def post_fork(server, worker):
    # Nothing should have opened a database connection in the master, but if anything did, a
    # worker must never share its socket: each opens its own on first use.
    from django.db import connections

    connections.close_all()
