"""In a real browser: a visitor subscribes, opens the confirmation link of the email received, confirms,
then unsubscribes by the link of an issue; every public page of the newsletter (the form, the
confirmation, the preferences, the unsubscription, the archive and an issue) is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.newsletter.models import Subscriber, SubscriberStatus

from .conftest import CONFIRM, estrie, make_issue, send

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text):
    with translation.override("fr"):
        return str(translation.gettext(text))


def test_a_visitor_subscribes_with_double_opt_in_then_unsubscribes(page, cast, stories, mailoutbox):
    page.goto("/bulletin/")
    assert_accessible(page)
    page.locator("[name=email]").fill("visiteur@example.org")
    page.get_by_label(estrie().name).check()
    page.get_by_label(fr("Workforce")).check()
    page.get_by_role("button", name=fr("Subscribe")).click()
    expect(page.locator("h1")).to_have_text(fr("Check your email"))
    assert_accessible(page)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    link = CONFIRM.search(mailoutbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING  # opening the link is not confirming
    page.get_by_role("button", name=fr("Confirm my subscription")).click()
    expect(page.locator("h1")).to_have_text(fr("Subscription confirmed"))
    assert_accessible(page)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    issue = make_issue(cast, stories)
    send(issue, cast["ministry"])
    email = mailoutbox[-1]
    assert email.to == ["visiteur@example.org"]
    page.goto(f"/bulletin/preferences/{subscriber.unsubscribe_token}/")
    assert_accessible(page)
    page.goto("/bulletin/archives/")
    assert_accessible(page)
    page.get_by_role("link", name="Bulletin de décembre").click()
    expect(page.locator("h1")).to_have_text("Bulletin de décembre")
    assert_accessible(page)
    page.goto("/en/bulletin/archives/")
    assert_accessible(page)

    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    page.goto(unsubscribe)
    assert_accessible(page)
    page.get_by_role("button", name=fr("Unsubscribe")).click()
    expect(page.locator("h1")).to_have_text(fr("Unsubscribed"))
    assert_accessible(page)
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
