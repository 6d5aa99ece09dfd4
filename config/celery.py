"""Celery application. In the embedded default (no broker configured) tasks run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("accord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
