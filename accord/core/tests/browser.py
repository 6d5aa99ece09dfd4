"""Real-browser testing: Chromium driven by Playwright against pytest-django's live server.

Registered as a pytest plugin in accord/conftest.py, so every app's tests can use:

- `browser`: one headless Chromium for the whole session (Debian's, never Playwright's
  download). Missing Chromium skips the test, or fails it when ACCORD_REQUIRE_BROWSER=1
  (CI sets it, so browser tests can never silently stop running there).
- `page`: a fresh browser context (cookies, storage) per test, in Canadian French, whose
  relative URLs resolve against the live server: `page.goto("/regions/05/")`.
- `sign_in(user)`: gives `page` a signed-in session without going through the form, for tests
  whose subject is another page (the sign-in form has its own test).
- `database_turn`: a lock the live server holds while it answers a request; a test that works
  on the database while the page polls (playing a Celery worker) holds it too (see below).
- `assert_accessible(page)`: axe-core on the current page; fails on every serious or
  critical WCAG 2.1 A/AA violation.

The pages run under the site's Content-Security-Policy: a test whose pages log a violation
(an inline script or style refused, say) fails, so that no page is broken by the policy unseen.

Mark browser tests `@pytest.mark.browser` and `@pytest.mark.xdist_group("browser")`:
`--dist loadgroup` then runs them all in one xdist worker, which starts Chromium once.
Playwright's sync API runs an event loop in the test thread, hence
DJANGO_ALLOW_ASYNC_UNSAFE in accord/conftest.py.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# Pages answer in well under a second; ten seconds leaves room for a loaded CI machine
# while a broken locator still fails quickly instead of hanging for Playwright's 30 s.
TIMEOUT_MS = 10_000

_report_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def chromium_path() -> str:
    """Debian's Chromium; ACCORD_CHROMIUM points elsewhere (another build, or a test of the skip)."""
    return os.environ.get("ACCORD_CHROMIUM", DEFAULT_CHROMIUM)


def browser_required() -> bool:
    return os.environ.get("ACCORD_REQUIRE_BROWSER") == "1"


def _skip_or_fail(problem: str) -> NoReturn:
    if browser_required():
        pytest.fail(f"{problem} (ACCORD_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(f"{problem}; set ACCORD_REQUIRE_BROWSER=1 to make this a failure")


def require_chromium() -> str:
    """The Chromium executable's path; skips the test without it, or fails it when a browser is required."""
    path = chromium_path()
    if not os.access(path, os.X_OK):
        _skip_or_fail(f"Chromium not found at {path}: install it with `apt-get install -y chromium`")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session, closed at the end."""
    path = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed: `pip install -r requirements-dev.txt`")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a new context (no cookies shared between tests), French-Canadian, on the live server."""
    from playwright.sync_api import expect

    context = browser.new_context(locale="fr-CA", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    violations = watch_csp_violations(page)
    try:
        yield page
    finally:
        report = request.node.stash.get(_report_key, {}).get("call")
        if report is not None and report.failed:
            _save_failure_artifacts(page, request.node.nodeid)
        context.close()
    if violations and report is not None and report.passed:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


def watch_csp_violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page will report (Chromium logs each as an error)."""
    violations: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def _save_failure_artifacts(page: Page, nodeid: str) -> None:
    """Screenshot and HTML of the page a failed test ended on, in var/browser-failures/."""
    directory = Path(settings.BASE_DIR) / "var" / "browser-failures"
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]
    try:
        page.screenshot(path=str(directory / f"{stem}.png"), full_page=True)
        (directory / f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # the page may be what broke; the test's own error matters more
        print(f"Could not save the browser state of {nodeid}: {exc}")  # noqa: T201


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # The `page` fixture's teardown reads the outcome of the test body to keep a screenshot.
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.fixture
def sign_in(page: Page, live_server: Any) -> Callable[[Any], None]:
    """`sign_in(user)` gives the page a signed-in session (the sign-in form is tested on its own)."""
    from django.test import Client

    def sign_in_as(user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in_as


@pytest.fixture
def database_turn(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> threading.RLock:
    """A lock the live server takes for each request; the test takes it for its own database work.

    With SQLite in memory, the test thread and the live server's thread share one connection
    (pytest-django's live server). Used by both threads at once, it deadlocks: one thread
    steps a statement holding SQLite's mutex and waits for the GIL, the other holds the GIL
    and waits for the mutex while reading a row. Tests only meet this when a page polls
    while the test works on the database, as an import's page does while the test plays the
    worker: such a test holds the lock while it works and lets go while it waits for the page.
    """
    from django.core.handlers.wsgi import WSGIHandler

    lock = threading.RLock()
    answer = WSGIHandler.__call__

    def one_at_a_time(handler: WSGIHandler, environ: Any, start_response: Any) -> Any:
        with lock:
            return answer(handler, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", one_at_a_time)
    return lock


def axe_script() -> Path:
    path = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"axe-core not found at {path}: run `npm ci`", pytrace=False)
    return path


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; fail on serious or critical violations.

    Minor and moderate findings are left to review: they include judgement calls that
    a rule engine cannot settle, whereas serious and critical ones block real users.
    """
    # Without its stylesheet a page is black on white and would pass the contrast rules unseen.
    broken_styles = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.initiatorType === 'link' && e.responseStatus >= 400)"
        ".map(e => `${e.responseStatus} ${e.name}`)"
    )
    if broken_styles:
        pytest.fail(f"Stylesheets failed to load on {page.url}: {', '.join(broken_styles)}", pytrace=False)
    # Evaluated by the browser's debugging protocol, which the page's CSP does not govern (an
    # added <script> would be inline, and refused).
    page.evaluate(axe_script().read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(_describe(page.url, blocking), pytrace=False)


def _describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core: {len(violations)} serious or critical accessibility violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            # A target is a CSS selector, or a list of them for elements inside shadow roots.
            target = ", ".join(" >>> ".join(t) if isinstance(t, list) else str(t) for t in node["target"])
            lines.append(f"    {target}")
            if node.get("failureSummary"):
                lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)
