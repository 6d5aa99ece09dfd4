from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from accord.governance.models import (
    Attendance,
    Bylaws,
    Committee,
    CommitteeKind,
    Constituency,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Resolution,
)
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    kind = CommitteeKind.CRENEAU
    name_fr = factory.Sequence(lambda n: f"Comité du créneau {n}")
    name_en = factory.Sequence(lambda n: f"Niche committee {n}")
    slug = factory.Sequence(lambda n: f"comite-{n}")
    code = factory.Sequence(lambda n: f"CC-TEST-{n:02d}")
    creneau = factory.SubFactory(CreneauFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = MandateRole.MEMBER
    starts_on = datetime.date(2024, 1, 1)
    voting = True
    organisation = factory.SubFactory(OrganisationFactory)
    constituency = Constituency.BUSINESS


class BylawsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bylaws

    committee = factory.SubFactory(CommitteeFactory)
    version = factory.Sequence(lambda n: n + 1)
    adopted_on = datetime.date(2024, 1, 1)
    min_leader_enterprises = 0


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    location = "Salle du conseil"
    status = MeetingStatus.PLANNED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    mandate = factory.SubFactory(MandateFactory)
    status = "present"


def chair_user(resolution: Resolution) -> Any:
    """The account of the member who chaired the resolution's decision (made for them if they have none)."""
    from accord.accounts.models import User
    from accord.accounts.tests.factories import UserFactory

    person = resolution.chaired_by.person  # type: ignore[union-attr]
    return User.objects.filter(person=person).first() or UserFactory(person=person)


def sign_off(resolution: Resolution) -> Resolution:
    """The chair confirms a decision recorded by staff: it takes effect."""
    from accord.governance import services

    services.sign_off_resolution(resolution, actor=chair_user(resolution))
    resolution.refresh_from_db()
    return resolution
