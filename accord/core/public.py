"""Whole public pages, cached under one version and answered conditionally.

The public site (home, regions, créneau fact sheets, organisations, search) is read by
anonymous visitors far more often than it changes. Each such page is kept whole in the
cache under a key made of the public version (one row, bumped by the services in the same
transaction as any change the public site shows), the release (a deployment changes pages too),
the language, the day (resource-region
statuses start and end at midnight without a write) and the address. The same key is the
page's ETag, so a browser, a reverse proxy or a CDN revalidates with one small query and
gets a 304. Nothing else is cached: there is no dependency to keep by hand, since every
change bumps the one version.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from .models import PublicVersion

# A page is kept a day at most: the key changes with the version and the day anyway.
PAGE_TIMEOUT = 24 * 3600


#: What changes a page with time alone, without any write: a scheduled publication whose moment has
#: come (decision 46). Each clock gives, for the time now, a subquery of one value that joins the key;
#: the subqueries ride on the version's query, so a conditional request still costs one query. The
#: day is in the key already (resource-region statuses start and end at midnight). Filled by the apps'
#: ready(). A clock's rows are written by services that bump the version, so without the version's
#: row there is nothing for a clock to see.
_CLOCKS: dict[str, Callable[[datetime.datetime], Any]] = {}


def register_clock(key: str, clock: Callable[[datetime.datetime], Any]) -> None:
    """Declare a clock (called from an AppConfig.ready()): `clock(now)` is a Subquery of one value."""
    _CLOCKS[key] = clock


def _state() -> list[str]:
    """The version and every clock's value now, in one query."""
    now = timezone.now()
    clocks = {f"clock_{key}": _CLOCKS[key](now) for key in sorted(_CLOCKS)}
    row = PublicVersion.objects.filter(pk=1).annotate(**clocks).values_list("value", *clocks).first()
    return [str(value) for value in row] if row else ["0"]


def version() -> int:
    """The public version (one query)."""
    return PublicVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def bump() -> None:
    """Every public page changes: call inside the transaction of the change.

    One statement whether or not the row exists (PostgreSQL and SQLite both upsert): a database
    flushed by a transactional test, or restored without it, costs no extra query nor savepoint.
    """
    table = connection.ops.quote_name(PublicVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, value) VALUES (1, 1) "  # noqa: S608  no user input: the model's own table
            f"ON CONFLICT (id) DO UPDATE SET value = {table}.value + 1"
        )


#: What the pages are drawn with, besides the data: the code, templates, catalogues and static files.
_DRAWN_WITH = ("accord", "config", "templates", "static", "locale")
_DRAWN_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg"})


@functools.cache
def release() -> str:
    """The release the pages are drawn by, in the key beside the version: a deployment changes the pages
    without any write, and a page kept by the previous one (here, in a proxy or a browser) must not be
    served again. `ACCORD_RELEASE` when the deployment names it (its commit, say); else a digest of the
    contents of the files that draw the pages, the same in every worker and on every server of one
    deployment (read once per process)."""
    if settings.ACCORD_RELEASE:
        return str(settings.ACCORD_RELEASE)
    digest = hashlib.sha256()
    for top in _DRAWN_WITH:
        for path in sorted((Path(settings.BASE_DIR) / top).rglob("*")):
            if path.suffix in _DRAWN_SUFFIXES and path.is_file() and "tests" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _etag(request: HttpRequest) -> str:
    parts = [*_state(), release(), get_language() or "", timezone.localdate().isoformat(), request.get_full_path()]
    # htmx asks for a partial of the same address: another representation, another tag.
    parts.append("partial" if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted") else "")
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def _cacheable(request: HttpRequest) -> bool:
    # Signed-in readers see their menu and, for staff, contact details: their pages are theirs.
    # A pending message (after signing out, say) belongs to this visitor only.
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve an anonymous visitor the page kept under the current version, or a 304."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        etag = _etag(request)
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            return _headers(HttpResponseNotModified(), etag)
        key = f"accord:public-page:{etag.strip(chr(34))}"
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            served = HttpResponse(content)
            for name, value in headers.items():
                served[name] = value
            return _headers(served, etag)
        response = view(request, *args, **kwargs)
        # A page that asked for a CSRF token carries this visitor's: never shared.
        own = bool(response.cookies) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if isinstance(response, HttpResponse) and response.status_code == 200 and not own:
            _headers(response, etag)
            headers = {name: value for name, value in response.items() if name.lower() != "etag"}
            cache.set(key, (response.content, headers), PAGE_TIMEOUT)
        return response

    return wrapper


def _headers(response: HttpResponseBase, etag: str) -> HttpResponseBase:
    response["ETag"] = etag
    # Anyone may keep the page, but must ask again before using it: the ETag makes that cheap.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    return response
