"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()

# Django and Wagtail leave ~1M long-lived objects after start-up; every full garbage collection
# walked them all, adding ~80 ms to every third search of a common word (BENCHMARKS.md).
# Freezing moves them out of the collector's sight; new garbage is still collected.
gc.freeze()
