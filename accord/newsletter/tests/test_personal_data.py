"""Law 25: a person's export lists the subscriptions of their addresses, with the consent's proof and
what was sent; their anonymisation anonymises them (registry.personal_data)."""

from __future__ import annotations

import pytest

from accord.newsletter import selectors, services
from accord.registry import personal_data

from .conftest import confirmed, estrie, make_issue, send

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_subscription_of_the_persons_address(cast, stories, mailoutbox):
    user = cast["coordinator"]
    confirmed(user.email.upper(), mailoutbox, regions=[estrie()], themes=["workforce"])
    confirmed("someone.else@example.org", mailoutbox)
    send(make_issue(cast, stories), cast["ministry"])
    source = next(s for s in personal_data.sources() if s.key == "newsletter")
    exported = source.export(user.person)
    (subscription,) = exported["subscriptions"]
    assert subscription["email"] == user.email.lower()
    assert subscription["status"] == "confirmed"
    assert subscription["consent_source"] == "web:/bulletin/" and subscription["consent_wording"] == "2026-12"
    assert subscription["regions"] == [estrie().name] and subscription["themes"] == ["workforce"]
    assert [e["kind"] for e in subscription["events"]] == ["requested", "confirmed"]
    assert [d["status"] for d in subscription["deliveries"]] == ["sent"]


def test_anonymising_the_person_anonymises_their_subscription(cast, mailoutbox):
    user = cast["coordinator"]
    subscriber = confirmed(user.email, mailoutbox, regions=[estrie()])
    services.anonymise_person(user.person, actor=cast["ministry"], reason="Demande d'accès")
    subscriber.refresh_from_db()
    assert subscriber.email.startswith("anonyme-") and not subscriber.regions.exists()
    assert not selectors.person_subscriptions(user.person).exists()
