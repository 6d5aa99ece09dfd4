import pytest
from django.core.management import call_command

from accord.accounts.models import RoleAssignment, User
from accord.registry import selectors
from accord.registry.demo import coordinator_for
from accord.registry.models import Creneau, Offer, Organisation, Person, Region

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (Region, Creneau, Organisation, Person, User, RoleAssignment))


def test_demo_loads_the_seed_and_is_safe_to_run_twice(capsys):
    call_command("load_demo", "accounts", "registry")
    first = counts()
    output = capsys.readouterr().out
    call_command("load_demo", "accounts", "registry")
    assert counts() == first

    assert Region.objects.count() == 17
    assert [r.code for r in Region.objects.with_resource_status() if r.resource_region] == [
        "01",
        "02",
        "04",
        "08",
        "09",
        "10",
        "11",
    ]
    micro_nano = Creneau.objects.get(slug="micro-nano-technologies")
    assert sorted(r.code for r in micro_nano.regions.all()) == ["05", "16"]
    assert micro_nano.predecessors.count() == 2
    assert micro_nano.management_organisation.name == "MicroTeQ 10"
    # Every fictional record is flagged, every active créneau has members and a person meant to
    # coordinate it; they become its coordinator once governance seats them (decision 23).
    assert not Organisation.objects.filter(neq__startswith="1199", is_demo=False).exists()
    assert not Person.objects.filter(is_demo=False).exists()
    for creneau in Creneau.objects.active():
        assert creneau.members.exists(), creneau
        assert coordinator_for(creneau) is not None, creneau
        assert creneau.coordinator is None, creneau
    assert "ministere@demo.accord.example" in output and "dr-estrie@demo.accord.example" in output
    estrie_office = User.objects.get(email="dr-estrie@demo.accord.example")
    assert estrie_office.check_password("Accord-demo-2026")
    assert RoleAssignment.objects.current().get(user=estrie_office).region.code == "05"
    # The privacy officer (Law 25) has a demo account too, with the staff's demo second factor.
    assert "confidentialite@demo.accord.example" in output
    officer = User.objects.get(email="confidentialite@demo.accord.example")
    assert RoleAssignment.objects.current().get(user=officer).role == "privacy_officer"


def test_the_demo_declares_capabilities_and_needs_in_several_creneaux():
    call_command("load_demo", "accounts", "registry")
    call_command("load_demo", "accounts", "registry")  # safe to repeat: nothing declared twice
    offers = Offer.objects.active()
    assert offers.count() == 5
    assert offers.values("organisation__memberships__creneau").distinct().count() == 5
    machinist = selectors.search_offers(offers, "qui usine des composites ?").get()
    assert machinist.kind == "capability"
    welders = selectors.search_offers(offers.filter(kind="need"), "who needs welders?").get()
    assert welders.label_en == "Certified aluminium welders"
