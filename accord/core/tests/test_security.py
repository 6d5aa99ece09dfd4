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
