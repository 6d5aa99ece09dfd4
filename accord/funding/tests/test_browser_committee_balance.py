"""In a real browser: a niche committee whose business people are outnumbered tries to adopt a project.

The world's niche committee seats three business people; three researchers join it. At
the meeting, all six are present: the page says before the vote, on the agenda item and on
the resolution, that the committee cannot decide on the project under its bylaws and why;
deciding anyway is refused with the same reason, and the committee defers. The labels are
looked up through gettext in French, so the test follows the catalogue.
"""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.funding import services
from accord.governance import services as governance
from accord.governance.models import ResolutionOutcome
from accord.governance.tests.factories import MandateFactory

from .conftest import draft

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, **values):
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def test_an_outnumbered_niche_committee_is_told_why_it_cannot_adopt_a_project(page, sign_in, world):
    committee = world.niche_committee
    for _n in range(3):
        MandateFactory(committee=committee, constituency="research")
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)  # on the committee's next agenda
    meeting = governance.plan_meeting(
        committee, actor=world.office, title="Séance", location="Sherbrooke", starts_at=timezone.now()
    )
    governance.convene_meeting(meeting, actor=world.office)
    governance.open_meeting(meeting, actor=world.office)
    for mandate in committee.mandates.current():
        governance.record_attendance(meeting, mandate, actor=world.office, status="present")
    item = meeting.items.get()
    resolution = governance.propose_resolution(
        meeting, actor=world.office, title=str(project), text="Il est résolu d'appuyer le projet.", item=item
    )

    sign_in(world.office)
    page.goto(meeting.get_absolute_url())
    with translation.override("fr"):
        why = translation.ngettext(
            "Business people are not a majority of those who vote: %(business)s of the %(deciding)s "
            "voting members present and not recused represents business; the bylaws require more than half.",
            "Business people are not a majority of those who vote: %(business)s of the %(deciding)s "
            "voting members present and not recused represent business; the bylaws require more than half.",
            3,
        ) % {"business": 3, "deciding": 6}
    assert why.startswith("Les gens d'affaires")  # the page's words, from the catalogue
    # Before the vote: on the agenda item, and on the resolution with the count.
    expect(page.locator(f"#item-{item.pk}")).to_contain_text(why)
    article = page.locator(f"#resolution-{resolution.pk}")
    expect(article).to_contain_text(
        fr("Business people among those who vote: %(business)s of %(deciding)s", business=3, deciding=6)
    )
    expect(article).to_contain_text(
        fr("The committee cannot decide on this project under its bylaws; it may defer it.")
    )
    assert_accessible(page)

    with page.expect_navigation():
        article.get_by_role("button", name=fr("Decide by consensus")).click()
    expect(page.locator("ul.messages")).to_contain_text(why)
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.PENDING
    assert_accessible(page)

    # The committee defers.
    page.locator(f"#resolution-{resolution.pk}").get_by_role("link", name=fr("Defer")).click()
    page.get_by_label(fr("Why the decision is deferred")).fill("Recruter des gens d'affaires")
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Defer the decision")).click()
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.DEFERRED
