"""A committee member without an account takes part, in a real browser.

She receives the notice (mail.outbox) and answers it through its signed link without signing
in (a proxy to a colleague, as the bylaws allow); the secretary's attendance sheet shows the
answer. The regional office invites the members without an account; she sets her password
from the invitation, signs in, finds the draft minutes in her space and comments on one
paragraph. axe-core checks each new page. The committee, its members and the earlier
meeting's circulated minutes are made with the services; every step of the member is a page.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from accord.accounts.models import User
from accord.core.tests.browser import assert_accessible
from accord.governance import services
from accord.governance.models import MandateRole, MinutesComment, NoticeAnswer, NoticeAnswerKind
from accord.registry.tests.factories import CreneauFactory, PersonFactory

from .factories import BylawsFactory, CommitteeFactory, MandateFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Un-mot-de-passe-solide-2026"


def fr(text, **values):
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def link_in(body, pattern):
    """The path of the first link of an email matching `pattern` (the site's address is SITE_URL's)."""
    found = re.search(rf"https?://\S*{pattern}\S*", body)
    assert found, body
    return urlparse(found.group(0)).path


def test_a_member_without_an_account_answers_sets_a_password_and_comments(page, sign_in, estrie, estrie_user):
    committee = CommitteeFactory(
        code="CC-MEUBLE-05", creneau=CreneauFactory(slug="meuble", regions=[estrie]), name_fr="Comité Meuble"
    )
    BylawsFactory(committee=committee, proxies_allowed=True, max_proxies_per_member=1)

    def seat(first, last, role=MandateRole.MEMBER):
        person = PersonFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org", region=estrie)
        return MandateFactory(committee=committee, role=role, person=person)

    seat("Paule", "Président", MandateRole.PRESIDENT)
    seat("Simon", "Secrétaire", MandateRole.SECRETARY)
    alice = seat("Alice", "Tremblay")
    bruno = seat("Bruno", "Gagnon")

    # An earlier meeting, held, whose draft minutes are circulated for comments.
    earlier = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion d'été",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        location="Sherbrooke",
        items=[{"title": "Plan d'action", "kind": "decision"}],
    )
    services.convene_meeting(earlier, actor=estrie_user)
    services.open_meeting(earlier, actor=estrie_user)
    services.close_meeting(earlier, actor=estrie_user)
    minutes = services.draft_minutes(
        earlier, actor=estrie_user, text="Présents : tous.\n\nLe plan d'action est présenté.\n\nLevée à 16 h."
    )
    services.circulate_minutes(minutes, actor=estrie_user)

    # --- The notice reaches Alice, who has no account ---------------------------------------------
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion d'automne",
        starts_at=timezone.now() + datetime.timedelta(days=12),
        location="Sherbrooke",
        items=[{"title": "Budget 2027", "kind": "decision"}],
    )
    mail.outbox.clear()
    services.convene_meeting(meeting, actor=estrie_user)
    assert not User.objects.filter(person=alice.person).exists()
    notice = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    page.goto(link_in(notice.body, "/reponse/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réunion d'automne")
    assert_accessible(page)
    with translation.override("fr"):
        proxy_label = str(NoticeAnswerKind.PROXY.label)
    page.get_by_label(proxy_label).check()
    page.get_by_label(re.compile(rf"^\s*{re.escape(fr('Proxy given to'))}")).select_option(label=str(bruno.person))
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Send my answer")).click()
    expect(page.locator(".messages, [role=status], .message").first).to_be_visible()
    answer = NoticeAnswer.objects.get(meeting=meeting, mandate=alice)
    assert (answer.answer, answer.proxy_holder, answer.through_link) == ("proxy", bruno, True)

    # --- The regional office sees the answer on the attendance sheet, and invites the members ----------
    sign_in(estrie_user)
    services.open_meeting(meeting, actor=estrie_user, reason="Essai")
    page.goto(f"/gestion/comites/reunions/{meeting.pk}/presences/")
    alice_row = page.locator("tr").filter(has=page.get_by_role("rowheader", name="Alice Tremblay", exact=True))
    expect(alice_row).to_contain_text(proxy_label)
    expect(alice_row).to_contain_text("Bruno Gagnon")
    assert_accessible(page)
    page.goto(committee.get_absolute_url())
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Invite the members without an account")).click()
    invitation = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    # Her page in the back office now says she was invited, and where her powers come from.
    page.goto(f"/gestion/personnes/{alice.person.pk}/")
    expect(page.locator("#powers-title")).to_have_text(fr("Account and powers"))
    expect(page.locator("section", has=page.locator("#powers-title"))).to_contain_text("Comité Meuble")
    assert_accessible(page)
    page.context.clear_cookies()

    # --- Alice chooses her password from the invitation, then signs in --------------------------------
    page.goto(link_in(invitation.body, "/mot-de-passe/nouveau/"))
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert User.objects.get(person=alice.person).check_password(PASSWORD)
    page.goto("/compte/connexion/")
    page.get_by_label(fr("Email address")).fill("alice@example.org")
    page.get_by_label(fr("Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Sign in")).click()

    # --- Her space lists the draft minutes; she comments on the second paragraph ------------------------
    page.goto("/gestion/comites/mes-comites/")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("My space"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Réunion d'été")).click()
    expect(page.locator("#paragraph-2")).to_contain_text("Le plan d'action est présenté.")
    assert_accessible(page)
    page.get_by_label(fr("Your comment on paragraph %(n)s", n=2)).fill("Préciser le budget du plan.")
    with page.expect_navigation():
        page.locator("#paragraph-2").get_by_role("button").click()
    expect(page.locator("#paragraph-2")).to_contain_text("Préciser le budget du plan.")
    comment = MinutesComment.objects.get()
    assert (comment.paragraph, comment.author.person) == (2, alice.person)
    assert_accessible(page)
