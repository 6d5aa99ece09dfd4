"""Grants decided at the same moment never over-commit an envelope (PostgreSQL, real threads).

SQLite serialises every write, so only PostgreSQL can show the race this guards against:
each grant reads what the envelope has left, then commits. Without the envelope's row lock,
two grants could both read the same balance and both commit.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accord.funding import selectors, services
from accord.funding.models import Envelope, LedgerEntry, Project, ProjectStatus

from .conftest import draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"),
]

GRANTS = 8
AMOUNT = Decimal("40000")


def test_parallel_grants_never_exceed_the_envelope(world):
    envelope = Envelope.objects.get(region=world.region, period=world.period)
    # Room for three grants of 40,000 $ and a bit: five of the eight must be refused.
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("130000"), equity_margin=Decimal("20"), reason="Test"
    )
    projects = [draft(world) for _ in range(GRANTS)]
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=ProjectStatus.ANALYSIS, guide=world.guide)

    barrier = threading.Barrier(GRANTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def grant(project_id: int) -> None:
        try:
            project = Project.objects.get(pk=project_id)
            barrier.wait(timeout=30)  # everyone reads and grants at the same moment
            try:
                services.grant_project(project, actor=world.ministry, amount=AMOUNT)
                result = "granted"
            except ValidationError:
                result = "refused"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=grant, args=(p.pk,)) for p in projects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["granted"] * 3 + ["refused"] * 5
    balance = selectors.balance(envelope)
    assert balance.committed == Decimal("120000.00")
    assert balance.available == Decimal("10000.00")
    assert LedgerEntry.objects.count() == 3
    assert Project.objects.filter(status=ProjectStatus.GRANTED).count() == 3
