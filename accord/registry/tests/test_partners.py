"""The partner search (decision 58): who searches, who declares, what the search finds, and contact
through the coordinators without anyone's address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.registry import members, policies, queues, selectors, services
from accord.registry.models import ContactRequest, ContactStatus, Creneau, Offer, OfferKind
from accord.registry.partners import light_stem, question_terms
from accord.registry.tests.factories import OrganisationFactory

from .conftest import EMAIL, person_user, signed_in

SEARCH = "registry:partner_search"


def _found(client, **params):
    response = client.get(reverse(SEARCH), params)
    assert response.status_code == 200
    return {offer.pk for offer in response.context["page"]}


# --- The question's reading -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [("soudeurs", "soud"), ("soudure", "soud"), ("composites", "composit"), ("welders", "weld"), ("usine", "usin")],
)
def test_a_word_is_cut_to_a_light_stem(word, stem):
    assert light_stem(word) == stem


def test_a_question_keeps_its_subject_words_only():
    assert question_terms("Qui usine des composites ?") == ["composit", "usin"]
    assert question_terms("who needs welders?") == ["weld"]
    assert question_terms("qui ? des !") == []


# --- Who searches ---------------------------------------------------------------------------


def test_members_coordinators_and_staff_search(partner_cast, ministry_user, estrie_user):
    for user in (partner_cast["member"], partner_cast["coordinator"], ministry_user, estrie_user):
        assert policies.can_search_partners(user), user


def test_anonymous_visitors_are_sent_to_sign_in(client, partner_cast):
    response = client.get(reverse(SEARCH))
    assert response.status_code == 302
    assert "connexion" in response["Location"] or "login" in response["Location"]


def test_an_account_of_no_creneau_is_refused_with_the_reason(partner_cast, outsider_client):
    response = outsider_client.get(reverse(SEARCH))
    assert response.status_code == 403
    loner = signed_in(partner_cast["loner_user"])
    assert loner.get(reverse(SEARCH)).status_code == 403


def test_without_planning_the_registry_counts_memberships_and_coordination(partner_cast, outsider, monkeypatch):
    monkeypatch.setattr(members, "_SOURCE", [])
    assert members.creneaux_of(partner_cast["member"]) == {partner_cast["transport"].pk}
    assert members.creneaux_of(partner_cast["coordinator"]) == {partner_cast["composites"].pk}
    assert members.creneaux_of(outsider) == frozenset()


# --- What the search finds ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["qui usine des composites ?", "USINAGES COMPOSITE", "matériau composite", "materiaux", "fibre de carbone"],
)
def test_a_french_rewording_finds_the_capability(partner_cast, question):
    assert _found(signed_in(partner_cast["member"]), q=question) == {partner_cast["capability"].pk}


@pytest.mark.parametrize("question", ["who needs welders?", "soudeur", "Soudure à l'aluminium", "SOUDAGE"])
def test_the_need_is_found_in_either_language(partner_cast, question):
    assert _found(signed_in(partner_cast["coordinator"]), q=question) == {partner_cast["need"].pk}


def test_filters_narrow_by_kind_sector_region_and_creneau(partner_cast):
    client = signed_in(partner_cast["member"])
    assert _found(client) == {partner_cast["capability"].pk, partner_cast["need"].pk}
    assert _found(client, kind="need") == {partner_cast["need"].pk}
    assert _found(client, kind="capability") == {partner_cast["capability"].pk}
    assert _found(client, sector="soudage") == {partner_cast["need"].pk}
    assert _found(client, region="05") == {partner_cast["capability"].pk}
    assert _found(client, creneau="transport") == {partner_cast["need"].pk}
    assert _found(client, creneau="composites", kind="need") == set()


def test_an_invalid_filter_finds_nothing_and_says_why(partner_cast):
    response = signed_in(partner_cast["member"]).get(reverse(SEARCH), {"kind": "gift"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["filter"].errors


def test_a_question_too_long_is_refused_with_a_message_and_one_with_nul_is_a_bad_request(partner_cast):
    member = signed_in(partner_cast["member"])
    response = member.get(reverse(SEARCH), {"q": "composites " * 30})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "q" in response.context["filter"].errors
    assert member.get(reverse(SEARCH), {"q": "usinage\x00"}).status_code == 400


def test_ended_offers_and_unpublished_organisations_leave_the_search(partner_cast):
    services.end_offer(partner_cast["need"], actor=partner_cast["member"], reason="Postes pourvus")
    partner_cast["machinist"].is_published = False
    partner_cast["machinist"].save()
    assert _found(signed_in(partner_cast["coordinator"])) == set()


def test_results_show_organisation_region_creneaux_and_no_address(partner_cast):
    response = signed_in(partner_cast["member"]).get(reverse(SEARCH), {"q": "composites"})
    content = response.content.decode()
    assert "Usinage Boréal" in content
    assert "Estrie" in content
    assert "Composites" in content
    assert reverse("registry:contact_request_new", args=[partner_cast["capability"].pk]) in content
    assert not EMAIL.search(content)


def test_the_search_costs_the_same_queries_for_few_or_many_offers(partner_cast):
    client = signed_in(partner_cast["member"])
    client.get(reverse(SEARCH))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(SEARCH), {"q": "composites"}).status_code == 200
    for n in range(12):
        organisation = OrganisationFactory(
            region=partner_cast["machinist"].region, creneaux=[partner_cast["composites"]]
        )
        Offer.objects.create(organisation=organisation, kind=OfferKind.CAPABILITY, label_fr=f"Composites {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(SEARCH), {"q": "composites"})
    assert response.context["page"].paginator.count == 13
    assert len(many) == len(few)
    assert len(many) <= 15


# --- Declaring ------------------------------------------------------------------------------


def test_those_who_may_declare(partner_cast, ministry_user, estrie_user, outsider):
    machinist = partner_cast["machinist"]
    assert policies.can_declare_offers(partner_cast["machinist_user"], machinist)  # its people
    assert policies.can_declare_offers(partner_cast["coordinator"], machinist)  # its créneau's coordinator
    assert policies.can_declare_offers(ministry_user, machinist)
    assert policies.can_declare_offers(estrie_user, machinist)  # its region's office
    assert not policies.can_declare_offers(partner_cast["member"], machinist)  # another créneau's member
    assert not policies.can_declare_offers(partner_cast["other_coordinator"], machinist)
    assert not policies.can_declare_offers(outsider, machinist)


def test_a_coordinator_loses_the_power_with_the_mandate(partner_cast):
    Creneau.objects.filter(pk=partner_cast["composites"].pk).update(coordinator=None)
    assert not policies.can_declare_offers(partner_cast["coordinator"], partner_cast["machinist"])


def test_declaring_changing_and_ending_keep_the_history(partner_cast):
    client = signed_in(partner_cast["machinist_user"])
    url = reverse("registry:organisation_offers", args=[partner_cast["machinist"].slug])
    data = {"kind": "need", "label_fr": "Ingénieurs en procédés", "sector": "Génie", "reason": "Croissance"}
    assert client.post(url, data).status_code == 302
    offer = Offer.objects.get(label_fr="Ingénieurs en procédés")
    edit = reverse("registry:offer_edit", args=[offer.pk])
    assert client.get(edit).status_code == 200
    changed = {**data, "label_fr": "Ingénieures et ingénieurs en procédés", "reason": "Épicène"}
    assert client.post(edit, changed).status_code == 302
    response = client.post(reverse("registry:offer_end", args=[offer.pk]), {"reason": "Embauche faite"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.ended_at is not None
    assert offer.ended_by == partner_cast["machinist_user"]
    reasons = list(offer.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["Croissance", "Épicène", "Embauche faite"]
    assert Offer.objects.filter(pk=offer.pk).exists()  # ended, never deleted
    page = client.get(url)
    assert "Embauche faite" in page.content.decode()


def test_an_ended_offer_is_not_changed_nor_ended_again(partner_cast):
    offer = services.end_offer(partner_cast["capability"], actor=partner_cast["machinist_user"], reason="Fin")
    with pytest.raises(ValidationError):
        services.update_offer(offer, actor=partner_cast["machinist_user"], data={"label_fr": "Autre"})
    with pytest.raises(ValidationError):
        services.end_offer(offer, actor=partner_cast["machinist_user"], reason="Encore")


def test_ending_needs_a_reason(partner_cast):
    with pytest.raises(ValidationError):
        services.end_offer(partner_cast["capability"], actor=partner_cast["machinist_user"], reason=" ")


def test_bad_input_is_refused_in_the_users_words_and_changes_nothing(partner_cast):
    client = signed_in(partner_cast["machinist_user"])
    url = reverse("registry:organisation_offers", args=[partner_cast["machinist"].slug])
    before = Offer.objects.count()
    response = client.post(url, {"kind": "gift", "label_fr": "Bad\x00label"})
    assert response.status_code == 400
    assert Offer.objects.count() == before
    response = client.post(url, {"kind": "need", "label_fr": "Deux\nlignes"})
    assert response.status_code == 400
    assert Offer.objects.count() == before


def test_out_of_reach_is_404_and_visible_but_forbidden_is_403(partner_cast, outsider):
    member = signed_in(partner_cast["member"])
    machinist = partner_cast["machinist"]
    assert member.get(reverse("registry:organisation_offers", args=[machinist.slug])).status_code == 403
    assert (
        member.post(reverse("registry:offer_end", args=[partner_cast["capability"].pk]), {"reason": "x"}).status_code
        == 403
    )
    assert member.get(reverse("registry:offer_edit", args=[partner_cast["capability"].pk])).status_code == 403
    outsider_client = signed_in(outsider)
    # An outsider finds no offer: its address says nothing.
    assert outsider_client.get(reverse("registry:offer_edit", args=[partner_cast["capability"].pk])).status_code == 404
    machinist.is_published = False
    machinist.save()
    assert member.get(reverse("registry:organisation_offers", args=[machinist.slug])).status_code == 404
    assert member.get(reverse("registry:offer_edit", args=[partner_cast["capability"].pk])).status_code == 404
    # Its own people still reach it.
    own = signed_in(partner_cast["machinist_user"])
    assert own.get(reverse("registry:organisation_offers", args=[machinist.slug])).status_code == 200
    with pytest.raises(PermissionDenied):
        services.declare_offer(machinist, actor=partner_cast["member"], data={"kind": "need", "label_fr": "x"})


def test_wrong_methods_are_405(partner_cast):
    member = signed_in(partner_cast["member"])
    assert member.post(reverse(SEARCH)).status_code == 405
    assert member.get(reverse("registry:offer_end", args=[partner_cast["capability"].pk])).status_code == 405
    coordinator = signed_in(partner_cast["coordinator"])
    assert coordinator.post(reverse("registry:contact_request_list")).status_code == 405


def test_the_organisation_page_shows_its_offers_to_members_and_the_edit_link_to_declarers(partner_cast, client):
    url = partner_cast["machinist"].get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Usinage de pièces" not in anonymous
    member = signed_in(partner_cast["member"]).get(url).content.decode()
    assert "Usinage de pièces en matériaux composites" in member
    assert reverse("registry:organisation_offers", args=[partner_cast["machinist"].slug]) not in member
    assert not EMAIL.search(member)
    own = signed_in(partner_cast["machinist_user"]).get(url).content.decode()
    assert reverse("registry:organisation_offers", args=[partner_cast["machinist"].slug]) in own


def test_the_organisation_page_reads_its_offers_in_a_fixed_number_of_queries(partner_cast):
    client = signed_in(partner_cast["member"])
    url = partner_cast["machinist"].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        Offer.objects.create(organisation=partner_cast["machinist"], kind=OfferKind.NEED, label_fr=f"Besoin {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- Contact through the coordinator --------------------------------------------------------


def test_a_contact_request_goes_to_the_coordinator_without_any_address(
    partner_cast, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = signed_in(partner_cast["member"])
    url = reverse("registry:contact_request_new", args=[partner_cast["capability"].pk])
    form = client.get(url)
    assert form.status_code == 200
    assert not EMAIL.search(form.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"requester_organisation": partner_cast["shop"].pk, "message": "Nous cherchons un usineur."}
        )
    assert response.status_code == 302
    contact = ContactRequest.objects.get()
    assert contact.status == ContactStatus.PENDING
    assert contact.requester_organisation == partner_cast["shop"]
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["cora@example.org"]
    assert "Remorques Horizon" in sent.subject
    assert "Nous cherchons un usineur." in sent.body
    assert not EMAIL.search(sent.body)


def test_no_email_is_sent_before_the_commit(partner_cast, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_contact(
            partner_cast["capability"],
            actor=partner_cast["member"],
            requester_organisation=partner_cast["shop"],
            message="Bonjour",
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_contact_request_is_refused_cleanly(partner_cast, ministry_user):
    # On behalf of an organisation one does not belong to.
    with pytest.raises(PermissionDenied):
        services.request_contact(
            partner_cast["capability"],
            actor=partner_cast["member"],
            requester_organisation=partner_cast["loner"],
            message="x",
        )
    # An empty message.
    with pytest.raises(ValidationError):
        services.request_contact(
            partner_cast["capability"],
            actor=partner_cast["member"],
            requester_organisation=partner_cast["shop"],
            message="  ",
        )
    # A créneau without a coordinator has nobody to forward it.
    Creneau.objects.filter(pk=partner_cast["composites"].pk).update(coordinator=None)
    with pytest.raises(ValidationError):
        services.request_contact(
            partner_cast["capability"],
            actor=partner_cast["member"],
            requester_organisation=partner_cast["shop"],
            message="Bonjour",
        )
    assert not ContactRequest.objects.exists()
    # Staff tied to no organisation have nobody to write for: 403 on the form.
    response = signed_in(ministry_user).get(
        reverse("registry:contact_request_new", args=[partner_cast["capability"].pk])
    )
    assert response.status_code == 403
    # An offer out of the search is a 404.
    services.end_offer(partner_cast["capability"], actor=partner_cast["machinist_user"], reason="Fin")
    response = signed_in(partner_cast["member"]).get(
        reverse("registry:contact_request_new", args=[partner_cast["capability"].pk])
    )
    assert response.status_code == 404


def test_the_coordinator_sees_queues_and_handles_the_requests_addressed_to_them(partner_cast, ministry_user):
    contact = services.request_contact(
        partner_cast["capability"],
        actor=partner_cast["member"],
        requester_organisation=partner_cast["shop"],
        message="Bonjour",
    )
    found = {q.key: q for q in queues.for_user(partner_cast["coordinator"])}
    assert found["contact_requests"].count == 1
    assert "contact_requests" not in {q.key for q in queues.for_user(partner_cast["other_coordinator"])}
    other = signed_in(partner_cast["other_coordinator"])
    handle = reverse("registry:contact_request_handle", args=[contact.pk])
    assert other.post(handle, {"outcome": "forwarded"}).status_code == 404
    assert signed_in(partner_cast["member"]).get(reverse("registry:contact_request_list")).status_code == 403
    coordinator = signed_in(partner_cast["coordinator"])
    page = coordinator.get(reverse("registry:contact_request_list"))
    assert page.status_code == 200
    assert contact in page.context["page"].object_list
    # Declining says why.
    coordinator.post(handle, {"outcome": "declined", "note": ""})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.PENDING
    assert coordinator.post(handle, {"outcome": "forwarded", "note": "Transmis à la présidente"}).status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.FORWARDED
    assert contact.handled_by == partner_cast["coordinator"]
    assert contact.note == "Transmis à la présidente"
    assert contact.history.latest("history_id").history_change_reason == "Transmis à la présidente"
    # Handled once: a second answer is refused and changes nothing.
    with pytest.raises(ValidationError):
        services.handle_contact_request(contact, actor=ministry_user, outcome="declined", note="Non")
    assert ContactRequest.objects.get().status == ContactStatus.FORWARDED
    assert "contact_requests" not in {q.key for q in queues.for_user(partner_cast["coordinator"])}


def test_a_new_coordinator_takes_over_the_pending_requests(partner_cast):
    contact = services.request_contact(
        partner_cast["capability"],
        actor=partner_cast["member"],
        requester_organisation=partner_cast["shop"],
        message="Bonjour",
    )
    successor, successor_user = person_user(email="succ@example.org")
    Creneau.objects.filter(pk=partner_cast["composites"].pk).update(coordinator=successor)
    assert list(policies.visible_contact_requests(successor_user)) == [contact]
    assert not policies.visible_contact_requests(partner_cast["coordinator"]).exists()


def test_the_requests_page_costs_a_fixed_number_of_queries(partner_cast):
    def ask(n):
        services.request_contact(
            partner_cast["capability"],
            actor=partner_cast["member"],
            requester_organisation=partner_cast["shop"],
            message=f"Bonjour {n}",
        )

    ask(0)
    client = signed_in(partner_cast["coordinator"])
    client.get(reverse("registry:contact_request_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("registry:contact_request_list"))
    for n in range(5):
        ask(n + 1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("registry:contact_request_list"))
    assert response.context["page"].paginator.count == 6
    assert len(many) == len(few)


def test_coordinators_for_names_each_active_coordinator_once(partner_cast):
    assert [p.first_name for p in selectors.coordinators_for(partner_cast["capability"])] == ["Cora"]


# --- The API --------------------------------------------------------------------------------


def test_the_api_lists_offers_with_the_pages_filters_and_policy(partner_cast, client, outsider):
    url = reverse("api:partner-offer-list")
    assert client.get(url).status_code == 403
    assert signed_in(outsider).get(url).status_code == 403
    member = signed_in(partner_cast["member"])
    found = member.get(url, {"q": "qui usine des composites ?"}).json()
    assert [row["id"] for row in found["results"]] == [partner_cast["capability"].pk]
    row = found["results"][0]
    assert row["organisation"]["slug"] == partner_cast["machinist"].slug
    assert row["region"] == "05"
    assert row["creneaux"] == ["composites"]
    assert row["label"] == "Usinage de pièces en matériaux composites"
    english = member.get(url, {"q": "composites"}, headers={"accept-language": "en"}).json()
    assert english["results"][0]["label"] == "Machining of composite parts"
    assert not EMAIL.search(str(found))
    assert [r["id"] for r in member.get(url, {"kind": "need"}).json()["results"]] == [partner_cast["need"].pk]
    services.end_offer(partner_cast["need"], actor=partner_cast["member"], reason="Pourvu")
    detail = reverse("api:partner-offer-detail", args=[partner_cast["need"].pk])
    assert member.get(detail).status_code == 404


def test_the_api_list_costs_the_same_queries_for_few_or_many(partner_cast):
    member = signed_in(partner_cast["member"])
    url = reverse("api:partner-offer-list")
    member.get(url)
    with CaptureQueriesContext(connection) as few:
        member.get(url)
    for n in range(6):
        organisation = OrganisationFactory(creneaux=[partner_cast["composites"]])
        Offer.objects.create(organisation=organisation, kind=OfferKind.NEED, label_fr=f"Besoin {n}")
    with CaptureQueriesContext(connection) as many:
        assert member.get(url).json()["count"] == 8
    assert len(many) == len(few)


# --- Law 25 ---------------------------------------------------------------------------------


def test_a_persons_contact_requests_are_in_their_export_and_their_words_go_with_them(partner_cast, privacy_officer):
    member = partner_cast["member"]
    contact = services.request_contact(
        partner_cast["capability"],
        actor=member,
        requester_organisation=partner_cast["shop"],
        message="Mia Tremblay, 819 555-0101",
    )
    exported = selectors.registry_personal_data(member.person)["contact_requests"]
    assert [row["message"] for row in exported] == ["Mia Tremblay, 819 555-0101"]
    services.anonymise_person(member.person, actor=privacy_officer, basis="request", explanation="Demande")
    contact.refresh_from_db()
    assert contact.message == services.ANONYMISED_MESSAGE
    assert set(contact.history.values_list("message", flat=True)) == {services.ANONYMISED_MESSAGE}


def test_the_notification_centre_lists_the_coordinators_pending_requests(partner_cast):
    services.request_contact(
        partner_cast["capability"],
        actor=partner_cast["member"],
        requester_organisation=partner_cast["shop"],
        message="Bonjour",
    )
    response = signed_in(partner_cast["coordinator"]).get(
        reverse("registry_bo:work_centre"), {"queue": "contact_requests"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Demandes de mise en relation à transmettre" in content
    assert "Remorques Horizon" in content
    assert reverse("registry:contact_request_list") in content
