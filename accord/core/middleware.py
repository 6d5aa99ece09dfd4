"""Request middleware that is not specific to any domain."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
