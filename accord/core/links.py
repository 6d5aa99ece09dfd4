"""Absolute links in what the system sends (emails, calendar invitations), from one setting.

A background task has no request to read the site's address from, so every absolute link
is built from `settings.SITE_URL` (for example https://accord.example.gouv.qc.ca), which
production must set (see config/settings/base.py). Pages use relative links.
"""

from __future__ import annotations

from django.conf import settings


def site_url(path: str = "/") -> str:
    """The absolute address of `path` (a path from reverse() or get_absolute_url())."""
    return settings.SITE_URL.rstrip("/") + (path if path.startswith("/") else f"/{path}")
