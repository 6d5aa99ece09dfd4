"""Request middleware that is not specific to any domain."""

from __future__ import annotations

from collections.abc import Callable

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
