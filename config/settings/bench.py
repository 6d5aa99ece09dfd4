"""Benchmark settings (`make bench`): production behaviour, with the bench's own databases.

DEBUG is off, so templates go through the cached loader and nothing collects debug
information: the timings are those of production. What differs is only what an
in-process benchmark needs: plain static storage (the manifest needs collectstatic),
no HTTPS redirect (the test client speaks plain HTTP), a local cache and quiet logs.
The bench command points the default database at a per-scale database of its own.
"""

import os
import warnings

# Production behaviour whatever a developer's .env says; .env never overrides these.
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-secret-key-used-by-make-bench-only-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")

from .base import *

if "testserver" not in ALLOWED_HOSTS:
    # The in-process client sends Host: testserver, whatever ALLOWED_HOSTS the env gives.
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "config.urls_bench"

# A shared Redis would let one scale's cached pages leak into another's timings.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# WhiteNoise's manifest storage needs collectstatic; plain storage renders the same tags.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# WhiteNoise warns that STATIC_ROOT is missing: the bench serves no static file, on purpose.
warnings.filterwarnings("ignore", message="No directory at")
# Loading the demo must neither send email nor queue tasks on a developer's broker.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
