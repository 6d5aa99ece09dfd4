"""The browser-test plugin itself: the skip-or-fail rule and the accessibility check."""

from __future__ import annotations

import pytest

from accord.core.tests.browser import assert_accessible, require_chromium, watch_csp_violations

INACCESSIBLE = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="logo">
<p id="pale" style="color: #bbb; background: #fff">Texte trop pâle</p>
</main></body></html>"""


def test_missing_chromium_skips_the_test_by_default(monkeypatch):
    monkeypatch.setenv("ACCORD_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("ACCORD_REQUIRE_BROWSER", raising=False)

    with pytest.raises(pytest.skip.Exception) as skipped:
        require_chromium()
    assert str(skipped.value) == (
        "Chromium not found at /nonexistent/chromium: install it with `apt-get install -y chromium`; "
        "set ACCORD_REQUIRE_BROWSER=1 to make this a failure"
    )


def test_missing_chromium_fails_the_test_when_a_browser_is_required(monkeypatch):
    monkeypatch.setenv("ACCORD_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("ACCORD_REQUIRE_BROWSER", "1")

    with pytest.raises(pytest.fail.Exception, match=r"Chromium not found at /nonexistent/chromium"):
        require_chromium()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_assert_accessible_fails_listing_each_serious_violation_and_its_nodes(browser):
    page = browser.new_page()
    try:
        page.set_content(INACCESSIBLE)
        with pytest.raises(pytest.fail.Exception) as failure:
            assert_accessible(page)
        message = str(failure.value)
        assert "image-alt (critical): Images must have alternative text" in message
        assert "#logo" in message
        assert "color-contrast (serious)" in message
        assert "#pale" in message

        page.set_content(INACCESSIBLE.replace('id="logo"', 'id="logo" alt="Accord"').replace("#bbb", "#223654"))
        assert_accessible(page)
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_assert_accessible_refuses_a_page_whose_stylesheet_did_not_load(browser):
    """The contrast rules would pass an unstyled page, so a missing stylesheet is a failure."""
    html = (
        '<!doctype html><html lang="fr"><head><title>Essai</title><link rel="stylesheet" href="/missing.css">'
        "</head><body><main><h1>Essai</h1></main></body></html>"
    )
    page = browser.new_page()
    try:
        page.route("http://accord.test/missing.css", lambda route: route.fulfill(status=404, content_type="text/css"))
        page.route("http://accord.test/", lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto("http://accord.test/")
        with pytest.raises(
            pytest.fail.Exception, match=r"Stylesheets failed to load .*: 404 http://accord.test/missing.css"
        ):
            assert_accessible(page)
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_csp_violations_are_caught(browser):
    """A page whose inline script the policy refuses is reported, so the browser tests fail on it."""
    html = "<!doctype html><html><head><title>Essai</title><script>document.title = 'inline';</script></head></html>"
    page = browser.new_page()
    try:
        violations = watch_csp_violations(page)
        page.route(
            "http://accord.test/",
            lambda route: route.fulfill(
                body=html, content_type="text/html", headers={"Content-Security-Policy": "script-src 'self'"}
            ),
        )
        page.goto("http://accord.test/")
        page.wait_for_timeout(200)
        assert page.title() == "Essai"  # the inline script did not run
        assert len(violations) == 1 and "script-src" in violations[0]
    finally:
        page.context.close()
