"""The fund as committees see it: projects on their agendas, the equity warning before a decision."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from accord.funding import selectors, services
from accord.funding.models import Envelope, ProjectStatus
from accord.governance import services as governance
from accord.governance.models import AgendaItem

from .conftest import committee_with_members, decide, draft, french, to_analysis

pytestmark = pytest.mark.django_db


def test_an_approved_project_is_on_the_regional_committees_next_meeting_with_the_equity_warning(world, estrie):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])  # two niches: 50 % target each
    envelope = Envelope.objects.get(region=world.region, period=world.period)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("100000"), equity_margin=Decimal("10"), reason="Test"
    )
    first = to_analysis(world)
    services.grant_project(first, actor=world.ministry, amount=Decimal("40000"))
    upcoming = governance.plan_meeting(
        world.regional_committee,
        actor=world.office,
        title="Séance d'automne",
        location="Sherbrooke",
        starts_at=timezone.now() + timezone.timedelta(days=20),
    )
    # Another project (one saying the same as the first would also be told of it: test_similar).
    second = draft(world, title="Salon du meuble à Toronto", summary="Un kiosque collectif pour dix fabricants.")
    services.submit_project(second, actor=world.carrier_user)
    decide(world.niche_committee, second, actor=world.office)
    assert second.status == ProjectStatus.NICHE_APPROVED
    item = AgendaItem.objects.get(meeting=upcoming)
    assert (item.subject, item.forwarded_from) == (second, second.creneau_links.get().resolution)

    client = Client()
    client.force_login(world.office)
    page = client.get(upcoming.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert second.get_absolute_url() in page
    # 40,000 $ committed + 40,000 $ asked = 80,000 $, above 50,000 $ + 10 %.
    with translation.override("fr"):
        note, rule = selectors.decision_notes([second])[second.pk]
    assert "Meuble" in note and "50\u00a0000,00\u00a0$" in note and "40\u00a0000,00\u00a0$" in note
    assert escape(note) in page
    # The committee knows before it proposes that adopting it takes its written justification.
    assert rule == french("To adopt it, the resolution must give the committee's written justification.")
    assert escape(rule) in page


def test_no_warning_within_the_fair_share(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    assert selectors.decision_notes([project]) == {}


def test_the_warning_appears_on_the_agenda_as_soon_as_another_grant_takes_the_share(world, estrie):
    """The stale agenda of issue 9: the meeting's page is right on the next request after a grant."""
    committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])  # two niches: 50 % target each
    envelope = Envelope.objects.get(region=world.region, period=world.period)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("100000"), equity_margin=Decimal("10"), reason="Test"
    )
    # Another project (one saying the same would be told of anyway: test_similar).
    other = to_analysis(world, title="Salon du meuble à Toronto", summary="Un kiosque collectif pour dix fabricants.")
    upcoming = governance.plan_meeting(
        world.regional_committee,
        actor=world.office,
        title="Séance d'hiver",
        location="Sherbrooke",
        starts_at=timezone.now() + timezone.timedelta(days=20),
    )
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office)
    assert AgendaItem.objects.get(meeting=upcoming).subject == project
    client = Client()
    client.force_login(world.office)
    warning = "Avant de décider"
    assert warning not in client.get(upcoming.get_absolute_url()).content.decode()

    services.grant_project(other, actor=world.ministry, amount=Decimal("40000"))

    assert warning in client.get(upcoming.get_absolute_url()).content.decode()
