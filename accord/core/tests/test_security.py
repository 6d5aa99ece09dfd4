"""Production settings: every answer carries the security headers; `check --deploy` wants a shared
cache (its clean run is test_core.test_deploy_check_is_clean_with_production_values)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "accord.example.org",
    "SITE_URL": "https://accord.example.org",
    "REDIS_URL": "redis://redis.invalid:6379/0",  # not reached: checks only read the settings
    "DATABASE_URL": "sqlite:///:memory:",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    test_only = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment |= PRODUCTION_ENV | env
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_warns_when_the_cache_is_per_process():
    result = check_deploy(REDIS_URL="")
    assert result.returncode == 1
    assert "accord.W001" in result.stderr


PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@pytest.mark.parametrize("path", ["/", "/compte/connexion/", "/api/v1/regions/", "/api/v1/docs/"])
def test_every_answer_carries_the_security_headers(client, path):
    with override_settings(**PRODUCTION):
        response = client.get(path, secure=True)
    assert response.status_code == 200
    csp = {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split("; ")}
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_redirected_to_https(client):
    with override_settings(**PRODUCTION):
        response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


# A response built by the production settings themselves (config.settings.base, DEBUG off), in a
# process of its own: the test settings turn HTTPS and secure cookies off, so overriding them back
# (above) could miss a default that production does not have. Only the static files' storage is
# swapped, since the manifest exists after `collectstatic` only; it has no bearing on headers.
PRODUCTION_RESPONSE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
static = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=static):
    client = Client()
    page = client.get("/compte/connexion/", secure=True, HTTP_HOST="accord.example.org")
    plain = client.get("/compte/connexion/", HTTP_HOST="accord.example.org")
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "cookies": {k: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
                for k, m in page.cookies.items()},
    "plain": [plain.status_code, plain.get("Location", "")],
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT")},
}))
"""


def test_the_production_settings_answer_with_every_header_and_secure_cookies():
    import json

    test_only = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment |= PRODUCTION_ENV | {"REDIS_URL": ""}  # a response only: no shared cache needed
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_RESPONSE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    assert answer["settings"] == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
    }
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert csp["script-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert answer["cookies"]["csrftoken"]["secure"] is True
    assert answer["cookies"]["csrftoken"]["samesite"] == "Lax"
    assert answer["plain"] == [301, "https://accord.example.org/compte/connexion/"]
