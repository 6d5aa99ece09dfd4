"""The fund's rows without a life of their own.

Periods, guides and projects are made through the services (`conftest.py`): a period opens
its envelopes, a project in analysis is one the committees approved. These factories make
what a bulk load or another region brings: an envelope of another region, ledger lines.
"""

from __future__ import annotations

from decimal import Decimal

import factory

from accord.funding.models import EntryKind, Envelope, LedgerEntry
from accord.registry.tests.factories import RegionFactory


class EnvelopeFactory(factory.django.DjangoModelFactory):
    """An envelope of the period given; of a new region unless one is given."""

    class Meta:
        model = Envelope

    region = factory.SubFactory(RegionFactory)
    amount = Decimal("4000000")


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """A movement on the project's envelope (a disbursement unless told)."""

    class Meta:
        model = LedgerEntry

    kind = EntryKind.DISBURSEMENT
    amount = Decimal("100.50")
