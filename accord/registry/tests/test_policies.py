"""Who may do what, as a table: role × scope × action."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.registry import policies

from .factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(ministry_user, estrie_user, outsider):
    return {"ministry": ministry_user, "estrie": estrie_user, "outsider": outsider, "anonymous": AnonymousUser()}


@pytest.mark.parametrize(
    ("who", "own", "other", "no_region"),
    [
        ("ministry", True, True, True),
        ("estrie", True, False, False),
        ("outsider", False, False, False),
        ("anonymous", False, False, False),
    ],
)
def test_organisation_powers(cast, estrie, monteregie, who, own, other, no_region):
    user = cast[who]
    mine, theirs = OrganisationFactory(region=estrie), OrganisationFactory(region=monteregie)
    assert policies.can_edit_organisation(user, mine) is own
    assert policies.can_edit_organisation(user, theirs) is other
    assert policies.can_view_contact_details(user, mine) is own
    assert policies.can_create_organisation(user, estrie) is own
    assert policies.can_create_organisation(user, None) is no_region
    manageable = set(policies.manageable_organisations(user))
    assert (mine in manageable, theirs in manageable) == (own, other)
    # Everyone sees both on the public site.
    assert set(policies.visible_organisations(user)) == {mine, theirs}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ministry", {"own", "linked", "other"}),
        ("estrie", {"own", "linked"}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_people_powers(cast, estrie, monteregie, who, expected):
    people = {
        "own": PersonFactory(region=estrie),
        "linked": PersonFactory(region=monteregie),
        "other": PersonFactory(region=monteregie),
    }
    AffiliationFactory(person=people["linked"], organisation=OrganisationFactory(region=estrie))
    user = cast[who]
    manageable = set(policies.manageable_people(user))
    assert {name for name, person in people.items() if person in manageable} == expected
    assert {name for name, person in people.items() if policies.can_edit_person(user, person)} == expected


@pytest.mark.parametrize("who", ["ministry", "estrie", "outsider", "anonymous", "privacy"])
def test_editable_people_answers_as_can_edit_person_in_one_query(
    cast, privacy_officer, estrie, monteregie, who, django_assert_max_num_queries
):
    people = {
        "own": PersonFactory(region=estrie),
        "linked": PersonFactory(region=monteregie),
        "linked without region": PersonFactory(region=None),
        "linked elsewhere": PersonFactory(region=monteregie),
        "other": PersonFactory(region=monteregie),
        "nowhere": PersonFactory(region=None),
    }
    AffiliationFactory(person=people["linked"], organisation=OrganisationFactory(region=estrie))
    AffiliationFactory(person=people["linked without region"], organisation=OrganisationFactory(region=estrie))
    AffiliationFactory(person=people["linked elsewhere"], organisation=OrganisationFactory(region=monteregie))
    AffiliationFactory(person=people["nowhere"], organisation=OrganisationFactory(region=None))
    user = privacy_officer if who == "privacy" else cast[who]
    one_by_one = {name for name, person in people.items() if policies.can_edit_person(user, person)}
    with django_assert_max_num_queries(1):  # the user's scope is read already: their people's ties, once
        at_once = policies.editable_people(user, people.values())
    assert {name for name, person in people.items() if person.pk in at_once} == one_by_one
    expected = {
        "ministry": set(people),
        "estrie": {"own", "linked", "linked without region"},
    }.get(who, set())
    assert one_by_one == expected


@pytest.mark.parametrize(
    ("who", "edit_own", "edit_other", "status", "create"),
    [
        ("ministry", True, True, True, True),
        ("estrie", True, False, False, False),
        ("outsider", False, False, False, False),
    ],
)
def test_creneau_powers(cast, estrie, monteregie, who, edit_own, edit_other, status, create):
    user = cast[who]
    interregional = CreneauFactory(regions=[monteregie, estrie])
    elsewhere = CreneauFactory(regions=[monteregie])
    assert policies.can_edit_creneau(user, interregional) is edit_own
    assert policies.can_edit_creneau(user, elsewhere) is edit_other
    assert policies.can_change_creneau_status(user, interregional) is status
    assert policies.can_create_creneau(user) is create
    assert (interregional in set(policies.manageable_creneaux(user))) is edit_own
    # Editing some créneau is what opens the registry's organisation suggestions.
    assert policies.can_edit_creneaux(user) is edit_own


def test_the_privacy_officer_edits_no_creneau(privacy_officer):
    assert policies.can_edit_creneaux(privacy_officer) is False


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ministry", {"published", "own import", "other import"}),
        ("estrie", {"published", "own import"}),
        ("outsider", {"published"}),
        ("anonymous", {"published"}),
    ],
)
def test_organisations_one_may_name_are_the_published_ones_and_those_one_manages(
    cast, estrie, monteregie, who, expected
):
    organisations = {
        "published": OrganisationFactory(region=monteregie),
        "own import": OrganisationFactory(region=estrie, is_published=False),
        "other import": OrganisationFactory(region=monteregie, is_published=False),
    }
    nameable = set(policies.nameable_organisations(cast[who]))
    assert {name for name, organisation in organisations.items() if organisation in nameable} == expected


@pytest.mark.parametrize(("who", "expected"), [("ministry", True), ("estrie", False), ("outsider", False)])
def test_region_powers(cast, estrie, who, expected):
    assert policies.can_edit_region(cast[who], estrie) is expected


def test_regions_in_the_back_office(cast, estrie, monteregie):
    assert set(policies.manageable_regions(cast["estrie"])) == {estrie}
    assert set(policies.manageable_regions(cast["ministry"])) == {estrie, monteregie}
    assert not policies.manageable_regions(cast["outsider"]).exists()
