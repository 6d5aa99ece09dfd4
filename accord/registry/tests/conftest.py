"""Fixtures of the registry's tests: the partner search's cast (decision 58)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accord.accounts.tests.factories import UserFactory
from accord.registry.models import Creneau, Offer, OfferKind
from accord.registry.tests.factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory

#: An email address, wherever it appears in a page or a message.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def person_user(organisation=None, **person):
    person = PersonFactory(**person)
    if organisation is not None:
        AffiliationFactory(person=person, organisation=organisation)
    return person, UserFactory(person=person, email=f"account.{person.pk}@example.org")


@pytest.fixture
def partner_cast(estrie, monteregie):
    """Two créneaux in two regions: a composites machinist in the first, a shop needing welders in
    the second; a coordinator for each; a member of the second; an organisation of no créneau."""
    composites = CreneauFactory(name_fr="Composites", slug="composites", regions=[estrie])
    transport = CreneauFactory(name_fr="Équipements de transport", slug="transport", regions=[monteregie])
    machinist = OrganisationFactory(name="Usinage Boréal", region=estrie, creneaux=[composites])
    shop = OrganisationFactory(name="Remorques Horizon", region=monteregie, creneaux=[transport])
    loner = OrganisationFactory(name="Seule inc.", region=monteregie)
    coordinator, coordinator_user = person_user(first_name="Cora", email="cora@example.org")
    other_coordinator, other_coordinator_user = person_user(first_name="Otto", email="otto@example.org")
    Creneau.objects.filter(pk=composites.pk).update(coordinator=coordinator)
    Creneau.objects.filter(pk=transport.pk).update(coordinator=other_coordinator)
    _member, member_user = person_user(shop, first_name="Mia", email="mia@example.org")
    _machinist_person, machinist_user = person_user(machinist, first_name="Max", email="max@example.org")
    _lonely, loner_user = person_user(loner, email="lonely@example.org")
    capability = Offer.objects.create(
        organisation=machinist,
        kind=OfferKind.CAPABILITY,
        label_fr="Usinage de pièces en matériaux composites",
        label_en="Machining of composite parts",
        description="Centre d'usinage cinq axes, fibres de carbone et de verre.",
        sector="Composites",
    )
    need = Offer.objects.create(
        organisation=shop,
        kind=OfferKind.NEED,
        label_fr="Soudeurs certifiés",
        label_en="Certified welders",
        description="Trois postes de soudage à l'aluminium.",
        sector="Soudage",
    )
    return {
        "composites": composites,
        "transport": transport,
        "machinist": machinist,
        "shop": shop,
        "loner": loner,
        "coordinator": coordinator_user,
        "other_coordinator": other_coordinator_user,
        "member": member_user,
        "machinist_user": machinist_user,
        "loner_user": loner_user,
        "capability": capability,
        "need": need,
    }
