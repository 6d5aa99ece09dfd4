"""The newsletter's demo: confirmed subscribers with their consent and interests, one issue sent to
them through the services (every delivery sent) and in the public archive; loading it again adds none."""

import pytest

from accord.newsletter.models import DeliveryStatus, Issue, IssueStatus, Subscriber, SubscriberStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_confirmed_subscribers_and_one_sent_issue(demo):
    subscribers = Subscriber.objects.all()
    assert subscribers.count() == 4
    assert all(
        s.status == SubscriberStatus.CONFIRMED and s.consent_at and s.consent_source == "demo" for s in subscribers
    )
    assert Subscriber.objects.get(email="reader.montreal@example.org").language == "en"
    issue = Issue.objects.get()
    assert issue.status == IssueStatus.SENT
    assert issue.items.count() == 4
    assert sorted(issue.deliveries.values_list("status", flat=True)) == [DeliveryStatus.SENT] * 4


def test_loading_the_demo_again_adds_no_subscriber_nor_issue(demo):
    for label in ("newsletter.Subscriber", "newsletter.Issue", "newsletter.Delivery"):
        assert demo.first[label] == demo.second[label]
