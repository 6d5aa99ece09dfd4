"""Request middleware that is not specific to any domain."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ApiLocaleMiddleware:
    """Let API clients choose their language with Accept-Language.

    HTML pages take their language from the URL (French at the root, English under
    /en/), and Django's LocaleMiddleware forces French on every unprefixed path. The
    API lives outside the language prefixes, so for /api/ we honour the cookie and
    Accept-Language, falling back to French.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionLifetimeMiddleware:
    """End a signed-in session after an idle period or an absolute lifetime (OWASP ASVS 3.3).

    Django's SESSION_COOKIE_AGE only bounds the cookie. The session itself notes when it was
    signed in to and when it was last used; a request past `SESSION_IDLE_TIMEOUT` seconds of
    inactivity or `SESSION_COOKIE_AGE` seconds since sign-in signs its user out (the view then
    sees an anonymous visitor and asks them to sign in again). The last use is written at most
    once a minute, so that reading pages does not write the session on every request.
    Visitors without a session cookie are not touched (the public pages stay cacheable).
    """

    STARTED = "_accord_started"
    SEEN = "_accord_seen"
    # Seconds between two writes of the last use: the idle limit is this much less precise.
    RESOLUTION = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated and self._expired(request):
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
        response = self.get_response(request)
        if (has_session or request.session.modified) and request.user.is_authenticated:
            self._stamp(request)
        return response

    def _expired(self, request: HttpRequest) -> bool:
        now = time.time()
        started = request.session.get(self.STARTED, now)
        seen = request.session.get(self.SEEN, now)
        return now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_COOKIE_AGE

    @classmethod
    def start(cls, request: HttpRequest) -> None:
        """Note the sign-in (from the `user_logged_in` signal): the lifetime counts from now."""
        now = time.time()
        request.session[cls.STARTED] = now
        request.session[cls.SEEN] = now

    def _stamp(self, request: HttpRequest) -> None:
        now = time.time()
        session = request.session
        if self.STARTED not in session:  # a session signed in before this middleware existed
            session[self.STARTED] = now
        if now - session.get(self.SEEN, 0) >= self.RESOLUTION:
            session[self.SEEN] = now


class PermissionsPolicyMiddleware:
    """Send `Permissions-Policy` from `settings.PERMISSIONS_POLICY` (feature → allowed origins).

    An empty list denies the feature to the page and to anything it embeds: `camera=()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RejectNulMiddleware:
    """Answer 400 to a request whose address holds a NUL character (`%00`), before any view.

    PostgreSQL cannot compare text with NUL in it: `/regions/%00/` or `?q=%00` reached the
    database and failed with a 500. No address of ours, and no filter, has a use for NUL, so
    the request is refused whole (forms refuse NUL in what they post, field by field).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)
