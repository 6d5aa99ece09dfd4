"""Governance in a real browser: axe-core on the committee pages, and a whole meeting clicked through."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.core.tests.browser import assert_accessible
from accord.governance import services
from accord.governance.models import MandateRole
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory

from .factories import BylawsFactory, CommitteeFactory, MandateFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text):
    """`text` as the French pages show it (the tests follow the catalogue instead of copying it)."""
    with translation.override("fr"):
        return str(translation.gettext(text))


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"governance:{name}", args=args)


@pytest.fixture
def committee(estrie):
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    return CommitteeFactory(
        code="CC-MEUBLE-05", creneau=creneau, name_fr="Comité du créneau Meuble", name_en="Furniture niche committee"
    )


@pytest.fixture
def members(committee):
    carrier = OrganisationFactory(name="Meubles Boréal inc.")
    people = {
        "president": MandateFactory(
            committee=committee,
            role=MandateRole.PRESIDENT,
            person=PersonFactory(first_name="Paule", last_name="Président"),
        ),
        "secretary": MandateFactory(
            committee=committee,
            role=MandateRole.SECRETARY,
            person=PersonFactory(first_name="Simon", last_name="Secrétaire"),
        ),
        "alice": MandateFactory(
            committee=committee, person=PersonFactory(first_name="Alice", last_name="Tremblay"), organisation=carrier
        ),
        "bruno": MandateFactory(committee=committee, person=PersonFactory(first_name="Bruno", last_name="Gagnon")),
        "chloe": MandateFactory(committee=committee, person=PersonFactory(first_name="Chloé", last_name="Roy")),
    }
    return people


def test_the_committee_pages_are_accessible_in_french_and_english(page, sign_in, estrie_user, committee, members):
    BylawsFactory(committee=committee, min_meetings_per_year=4)
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion de décembre",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        location="Sherbrooke",
        items=[{"title": "Plan d'action"}],
    )
    services.convene_meeting(meeting, actor=estrie_user)
    sign_in(estrie_user)
    for language in ("fr", "en"):
        for name, args in [
            ("committee_list", ()),
            ("committee_detail", (committee.slug,)),
            ("committee_timeline", (committee.slug,)),
            ("compliance_list", ()),
            ("resolution_list", ()),
            ("bylaws_list", (committee.slug,)),
            ("bylaws_create", (committee.slug,)),
            ("mandate_create", (committee.slug,)),
            ("committee_create", ()),
            ("calendar_page", ()),
        ]:
            page.goto(url(name, *args, language=language))
            assert page.locator("h1").count() == 1, name
            assert_accessible(page)


def test_a_member_finds_their_committees_from_the_header(page, sign_in, committee, members):
    user = UserFactory(person=members["alice"].person)
    sign_in(user)
    page.goto("/")
    page.get_by_role("link", name=fr("My space")).first.click()
    page.get_by_role("link", name="Comité du créneau Meuble").first.click()
    assert page.locator("h1").inner_text() == "Comité du créneau Meuble"
    # Members get the governance area, not the registry's back office.
    side = page.locator("nav.bo-nav")
    assert side.get_by_role("link", name=fr("Organisations")).count() == 0
    assert side.get_by_role("link", name=fr("Resolutions")).count() == 1
    assert_accessible(page)
