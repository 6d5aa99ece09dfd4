"""Double opt-in, one-click unsubscription, consent proof, re-subscription, retention (decision 49)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accord.core.workflow import InvalidTransition
from accord.newsletter import services
from accord.newsletter.models import Subscriber, SubscriberEventKind, SubscriberStatus

from .conftest import confirmed, estrie, subscribe

pytestmark = pytest.mark.django_db


def test_a_subscription_is_pending_until_the_address_confirms_it(cast, mailoutbox):
    subscriber, token = subscribe("Anne@Example.org", mailoutbox, regions=[estrie()], themes=["workforce"])
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.email == "anne@example.org"
    assert subscriber.consent_at is None
    assert subscriber.confirm_token_hash and token not in subscriber.confirm_token_hash
    assert mailoutbox[-1].to == ["anne@example.org"]
    services.confirm_subscription(token, source="web:confirm")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.consent_at is not None
    assert subscriber.consent_source == "web:/bulletin/"
    assert subscriber.consent_wording == "2026-12"
    assert list(subscriber.events.values_list("kind", "source")) == [
        (SubscriberEventKind.REQUESTED, "web:/bulletin/"),
        (SubscriberEventKind.CONFIRMED, "web:confirm"),
    ]
    with pytest.raises(InvalidTransition):
        services.confirm_subscription(token, source="web:confirm")  # used


def test_an_expired_confirmation_link_is_refused(cast, mailoutbox):
    subscriber, token = subscribe("anne@example.org", mailoutbox)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirm_expires_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(InvalidTransition, match="expiré"):
        services.confirm_subscription(token, source="web:confirm")
    assert Subscriber.objects.get(pk=subscriber.pk).status == SubscriberStatus.PENDING


def test_an_unknown_token_is_refused(cast):
    with pytest.raises(InvalidTransition):
        services.confirm_subscription("nope", source="web:confirm")


def test_subscribing_again_after_unsubscribing_asks_for_consent_again(cast, mailoutbox):
    subscriber = confirmed("anne@example.org", mailoutbox)
    assert services.unsubscribe(subscriber, source="email:list-unsubscribe")
    assert not services.unsubscribe(subscriber, source="email:list-unsubscribe")  # twice: nothing more
    again, token = subscribe("ANNE@example.org", mailoutbox)
    assert again.pk == subscriber.pk
    assert again.status == SubscriberStatus.PENDING
    services.confirm_subscription(token, source="web:confirm")
    again.refresh_from_db()
    assert again.status == SubscriberStatus.CONFIRMED
    assert again.unsubscribe_token == subscriber.unsubscribe_token


def test_a_confirmed_address_subscribing_again_is_told_by_email_and_keeps_its_subscription(cast, mailoutbox):
    subscriber = confirmed("anne@example.org", mailoutbox)
    sent = len(mailoutbox)
    same, _token = subscribe("anne@example.org", mailoutbox, language="en")
    assert same.status == SubscriberStatus.CONFIRMED
    assert len(mailoutbox) == sent + 1
    assert mailoutbox[-1].subject == "Vous recevez déjà le bulletin ACCORD"
    assert Subscriber.objects.get(pk=subscriber.pk).language == "fr"


def test_retention_deletes_unconfirmed_and_anonymises_long_unsubscribed(cast, mailoutbox):
    pending, _ = subscribe("old@example.org", mailoutbox)
    gone = confirmed("gone@example.org", mailoutbox)
    services.unsubscribe(gone, source="web:unsubscribe")
    kept = confirmed("kept@example.org", mailoutbox)
    long_ago = timezone.now() - datetime.timedelta(days=4 * 365)
    Subscriber.objects.filter(pk=pending.pk).update(requested_at=long_ago)
    Subscriber.objects.filter(pk=gone.pk).update(unsubscribed_at=long_ago)
    today = timezone.localdate()
    assert services.purge_pending(today, dry_run=True) == 1
    assert services.purge_pending(today) == 1
    assert services.anonymise_withdrawn(today) == 1
    assert not Subscriber.objects.filter(pk=pending.pk).exists()
    gone.refresh_from_db()
    assert gone.email.startswith("anonyme-") and gone.anonymised_at
    assert gone.consent_at is not None and gone.unsubscribed_at is not None  # the proof stays, nameless
    assert Subscriber.objects.get(pk=kept.pk).email == "kept@example.org"
