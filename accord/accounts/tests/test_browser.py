"""The account page and the API's documentation in a real browser, under the site's
Content-Security-Policy (the `page` fixture fails a test whose pages log a violation)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text: str) -> str:
    with translation.override("fr"):
        return str(translation.gettext(text))


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
