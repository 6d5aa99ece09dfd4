"""The account in a real browser, under the site's Content-Security-Policy (the `page`
fixture fails a test whose pages log a violation): the second factor, API tokens, the API's
documentation. A regional office adds an authenticator app while signing in, then signs in
again with its code; axe-core checks the pages.

The code is computed as an authenticator app would, from the secret the page shows in text
(django-otp's own TOTP function), so the test reads what a person who cannot scan reads.
"""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.utils import translation
from django_otp.oath import totp
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text: str) -> str:
    """`text` as the French pages show it."""
    with translation.override("fr"):
        return str(translation.gettext(text))


def code(secret: str, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows for this secret (now, or a period later)."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


def sign_in_with_password(page, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label(fr("Email address")).fill(email)
    page.get_by_label(fr("Password")).fill(PASSWORD)
    page.get_by_role("button", name=fr("Sign in")).click()


def test_a_regional_office_adds_an_authenticator_app_then_signs_in_with_it(page, estrie_user, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True

    sign_in_with_password(page, estrie_user.email)
    expect(page).to_have_url(re.compile(r"/compte/deuxieme-facteur/ajouter/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Add an authenticator app"))
    expect(page.get_by_role("img", name=fr("QR code of the secret key for your authenticator app"))).to_be_visible()
    assert_accessible(page)

    # Until the app is confirmed, the back office is closed.
    page.goto("/gestion/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/"))
    sign_in_with_password(page, estrie_user.email)

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label(fr("Code from your authenticator app")).fill(code(secret))
    page.get_by_label(fr("Name of this device (optional)")).fill("Téléphone de Daniel")
    page.get_by_role("button", name=fr("Confirm the app")).click()
    expect(page).to_have_url(re.compile(r"/gestion/$"))
    expect(page.get_by_role("status")).to_contain_text(
        fr("Your authenticator app is added: you will give one of its codes at each sign-in.")
    )

    page.get_by_role("button", name=fr("Sign out")).click()
    sign_in_with_password(page, estrie_user.email)
    expect(page).to_have_url(re.compile(r"/compte/connexion/code/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Second factor"))
    assert_accessible(page)

    # The code used to confirm the app is spent: the app's next one is accepted (one period of drift).
    page.get_by_label(fr("Code from your authenticator app, or a backup code")).fill(code(secret, steps_ahead=1))
    page.get_by_role("button", name=fr("Confirm")).click()
    expect(page).to_have_url(re.compile(r"/gestion/$"))

    page.goto("/compte/")
    expect(page.get_by_role("row", name=re.compile("Téléphone de Daniel"))).to_be_visible()
    assert_accessible(page)


def test_create_and_revoke_an_api_token(page, sign_in, estrie_user):
    sign_in(estrie_user)
    page.goto("/compte/")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("My account"))
    page.get_by_role("button", name=fr("Create a token")).click()
    token = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"\w{64}", token)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(fr("Revoke"))).click()
    expect(page.get_by_text(fr("No API token."))).to_be_visible()


def test_the_api_documentation_runs_under_the_policy(page):
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Accord API")
    expect(page.locator(".opblock").first).to_be_visible()


def test_the_fund_dashboard_and_the_public_search_run_under_the_policy(page, sign_in, ministry_user):
    page.goto("/recherche/?q=eolien")
    sign_in(ministry_user)
    page.goto("/gestion/fonds/")
    assert_accessible(page)


@pytest.fixture
def virtual_authenticator(page, live_server, settings):
    """Chromium's virtual security key (DevTools protocol), and keys bound to the live server's origin."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp, authenticator["authenticatorId"]


def test_a_regional_office_adds_a_security_key_then_signs_in_with_it(
    page, sign_in, estrie_user, settings, virtual_authenticator
):
    cdp, authenticator_id = virtual_authenticator
    sign_in(estrie_user)  # the requirement is off in the test settings: signed in without a second factor
    page.goto("/compte/")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Add a security key")).click()

    # The key is saved; the next page names it.
    expect(page).to_have_url(re.compile(r"/compte/cles/\d+/nommer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Name your security key"))
    assert_accessible(page)
    page.get_by_label(fr("Name of this key")).fill("Clé bleue")
    page.get_by_role("button", name=fr("Save")).click()
    expect(page).to_have_url(re.compile(r"/compte/$"))
    expect(page.get_by_role("row", name=re.compile("Clé bleue"))).to_be_visible()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1

    # Now the account requires a second factor: the key satisfies it at sign-in.
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    page.context.clear_cookies()
    sign_in_with_password(page, estrie_user.email)
    expect(page).to_have_url(re.compile(r"/compte/connexion/code/$"))
    assert_accessible(page)
    page.get_by_role("button", name=fr("Use my security key")).click()
    expect(page).to_have_url(re.compile(r"/gestion/$"))

    # A verified session: the account page opens, and backup codes may be generated.
    page.goto("/compte/")
    page.get_by_role("button", name=fr("Generate backup codes")).click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/compte/connexion/", "/en/compte/connexion/"])
def test_the_sign_in_page_is_branded_accord_and_accessible_on_a_phone(page, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    expect(page).to_have_title(re.compile(r"· Accord$"))
    expect(page.locator(".brand")).to_contain_text("Accord")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)
