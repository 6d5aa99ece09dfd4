"""Project wiring. Importing the Celery app here makes shared tasks use it."""

from .celery import app as celery_app

__all__ = ["celery_app"]
