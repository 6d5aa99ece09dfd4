import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from accord.core.exports import _neutralise
from accord.core.validation import reject_nul

BASE_DIR = Path(__file__).resolve().parents[3]


def test_formula_cells_are_neutralised():
    assert _neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _neutralise("+1 418 555-0000") == "'+1 418 555-0000"
    assert _neutralise("Atelier") == "Atelier"
    assert _neutralise(3) == 3


@pytest.mark.parametrize(
    "cell",
    [
        '\uff1dHYPERLINK("http://x")',  # full-width equals sign
        "\uff0b1 418 555-0000",  # full-width plus
        "\uff0d2+3",  # full-width hyphen-minus
        "\uff20SUM(A1)",  # full-width commercial at
        "\ufe66cmd|' /C calc'!A0",  # small equals sign
        " =1+1",
        "\u00a0=1+1",  # no-break space
        "\u3000\uff1d1+1",  # ideographic space, then a full-width equals sign
        "\n=1+1",
        "\t=1",
        "\r=1",
    ],
)
def test_look_alike_formula_signs_are_neutralised_too(cell):
    assert _neutralise(cell) == "'" + cell


FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63")
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@given(
    st.text(alphabet=" \t\r\n\u00a0\u2003\u3000", max_size=3),
    st.sampled_from(FORMULA_SIGNS),
    TEXT,
)
def test_no_exported_cell_starts_a_formula_whatever_its_look_alikes(space, sign, rest):
    cell = space + sign + rest
    assert _neutralise(cell) == "'" + cell


@given(st.characters(categories=("Lu", "Ll", "Lo", "Nd")), TEXT)
def test_text_that_starts_with_a_letter_or_digit_is_exported_as_it_is(first, rest):
    assert _neutralise(first + rest) == first + rest


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
