"""The registry's partner search counts a créneau's members as planning does (decision 58): planning
fills the registry's contract, so the members of a niche committee search too."""

from __future__ import annotations

from accord.accounts.tests.factories import UserFactory
from accord.governance.tests.factories import CommitteeFactory, MandateFactory
from accord.planning.policies import member_creneaux
from accord.registry import members, policies
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory


def test_a_niche_committee_member_searches_partners(db, estrie):
    creneau = CreneauFactory(regions=[estrie])
    seat = MandateFactory(committee=CommitteeFactory(creneau=creneau), organisation=OrganisationFactory(region=estrie))
    seated = UserFactory(person=seat.person, email="seat@example.org")
    assert members.creneaux_of(seated) == member_creneaux(seated) == {creneau.pk}
    assert policies.can_search_partners(seated)


def test_an_account_without_seat_or_tie_does_not(db, outsider):
    assert members.creneaux_of(outsider) == frozenset()
    assert not policies.can_search_partners(outsider)
