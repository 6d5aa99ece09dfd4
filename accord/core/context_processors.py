"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from .links import site_url


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and the same page in the other languages, for the language switch."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {
        "site_name": settings.ACCORD_SITE_NAME,
        "language_alternates": alternates,
        # Open Graph's address of the page: from SITE_URL, as emails' links, not from the Host header.
        "page_url": site_url(request.path),
    }
