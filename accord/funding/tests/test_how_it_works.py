"""The public page "How ACCORD works": who does what, the fund's envelopes as the fund sets them, and the
path of a project, which is the fund's own workflow (each step a transition of workflow.TRANSITIONS), in
French and English, kept whole under the public version."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accord.core.money import format_money
from accord.funding import workflow
from accord.funding.models import DEFAULT_ENVELOPE, RESOURCE_REGION_ENVELOPE, ProjectStatus
from accord.funding.views import public as public_views

from .conftest import text

pytestmark = pytest.mark.django_db

ADDRESS = reverse("funding_public:how_it_works")


def test_the_path_told_to_the_public_is_the_path_the_fund_takes():
    statuses = [status for status, _action, _text in workflow.PATH]
    for (status, action, _text), following in zip(workflow.PATH, [*statuses[1:], ProjectStatus.CLOSED], strict=True):
        assert workflow.TRANSITIONS[(status, action)] == following
    assert statuses[0] == ProjectStatus.DRAFT


def test_the_page_tells_the_path_and_the_envelopes_in_french(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the public version
        page = client.get(ADDRESS)
    assert page.status_code == 200
    body = text(page)
    with translation.override("fr"):
        labels = [str(ProjectStatus(status).label) for status, _a, _t in workflow.PATH]
    places = [body.index(label) for label in labels]
    assert places == sorted(places)
    assert format_money(DEFAULT_ENVELOPE, "fr", cents=False) in body
    assert format_money(RESOURCE_REGION_ENVELOPE, "fr", cents=False) in body
    assert "Comment fonctionne ACCORD" in body


def test_the_page_reads_in_english_with_canadian_dollars(client):
    body = text(client.get("/en" + ADDRESS))
    assert "How ACCORD works" in body and "$4,000,000" in body and "$4,800,000" in body
    assert "The niche committee" in body


def test_the_envelopes_shown_are_the_funds_own(client, monkeypatch):
    monkeypatch.setattr(public_views, "RESOURCE_REGION_ENVELOPE", RESOURCE_REGION_ENVELOPE + DEFAULT_ENVELOPE)
    assert format_money(RESOURCE_REGION_ENVELOPE + DEFAULT_ENVELOPE, "fr", cents=False) in text(client.get(ADDRESS))


def test_the_page_is_kept_whole_and_linked_from_home_and_every_page(client):
    first = client.get(ADDRESS)
    assert "public" in first["Cache-Control"]
    assert client.get(ADDRESS, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert ADDRESS in client.get(reverse("registry:home")).content.decode()
    assert ADDRESS in client.get(reverse("registry:region_list")).content.decode()
