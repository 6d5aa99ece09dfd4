import pytest
from django.urls import reverse

from accord.registry.models import ResourceRegionStatus

from .factories import CreneauFactory

pytestmark = pytest.mark.django_db


def test_regions_outside_the_office_are_404(estrie_client, monteregie):
    assert estrie_client.get(reverse("registry_bo:region_detail", args=[monteregie.code])).status_code == 404


def test_regional_office_may_not_do_ministry_actions(estrie_client, estrie):
    assert estrie_client.get(reverse("registry_bo:region_edit", args=["05"])).status_code == 403
    response = estrie_client.post(reverse("registry_bo:resource_status_add", args=["05"]), {"valid_from": "2020-01-01"})
    assert response.status_code == 403
    assert not ResourceRegionStatus.objects.exists()


def test_ministry_adds_and_closes_a_resource_region_period(ministry_client, estrie):
    url = reverse("registry_bo:resource_status_add", args=["05"])
    assert ministry_client.post(url, {"valid_from": "2008-01-01", "source": "Liste 2008"}).status_code == 302
    status = ResourceRegionStatus.objects.get()
    overlapping = ministry_client.post(url, {"valid_from": "2009-01-01"})
    assert overlapping.status_code == 400
    assert ResourceRegionStatus.objects.count() == 1
    ministry_client.post(reverse("registry_bo:resource_status_end", args=["05", status.pk]), {"valid_to": "2020-12-31"})
    status.refresh_from_db()
    assert str(status.valid_to) == "2020-12-31"
    history = ministry_client.get(reverse("registry_bo:region_history", args=["05"]))
    entries = [(e.action, e.subject) for e in history.context["entries"]]
    assert entries[:2] == [("changed", "Statut de région ressource"), ("created", "Statut de région ressource")]


def test_region_list_query_count(ministry_client, estrie, monteregie, django_assert_num_queries):
    CreneauFactory(regions=[estrie])
    # user, roles, count, regions with status and créneau counts
    with django_assert_num_queries(4):
        response = ministry_client.get(reverse("registry_bo:region_list"))
    rows = [(r.record.code, r.record.creneau_count) for r in response.context["table"].paginated_rows]
    assert rows == [("05", 1), ("16", 0)]
    export = ministry_client.get(reverse("registry_bo:region_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert export.splitlines()[1].startswith("05,Estrie,Non,1")
