import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from accord.core.exports import _neutralise
from accord.core.validation import reject_nul

BASE_DIR = Path(__file__).resolve().parents[3]


def test_formula_cells_are_neutralised():
    assert _neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _neutralise("+1 418 555-0000") == "'+1 418 555-0000"
    assert _neutralise("Atelier") == "Atelier"
    assert _neutralise(3) == 3


def test_nul_is_rejected_with_a_french_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        reject_nul("a\x00b")
    assert "NUL" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_health_endpoint(client):
    assert client.get("/healthz/").json() == {"status": "ok"}


@pytest.mark.django_db
def test_api_language_comes_from_accept_language(client):
    assert client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    assert client.get("/api/v1/regions/")["Content-Language"] == "fr"


@pytest.mark.django_db
def test_html_language_comes_from_the_url_not_the_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "fr"


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_values():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "accord.example.org",
            # Production shares one cache between workers (accord.W001); checks do not connect to it.
            "REDIS_URL": "redis://redis.invalid:6379/0",
        }
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "false", "SECRET_KEY": ""})
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_refuse_a_malformed_debug_value():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "perhaps", "SECRET_KEY": "x" * 60})
    result = _manage("check", env=env)
    assert result.returncode != 0


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_send_email_task_sends_inline_in_the_embedded_default(mailoutbox):
    from accord.core.tasks import send_email

    send_email.delay(subject="Objet", body="Corps", to=["a@example.org"])
    assert [m.subject for m in mailoutbox] == ["Objet"]
