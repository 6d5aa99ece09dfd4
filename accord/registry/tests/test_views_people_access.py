"""A person's page says whether they have an account and where their powers come from; staff invite them."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accord.accounts import services as account_services
from accord.accounts.models import User
from accord.accounts.tests.factories import UserFactory, grant
from accord.registry import powers

from .factories import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def detail(person):
    return reverse("registry_bo:person_detail", args=[person.pk])


def invite(person):
    return reverse("registry_bo:person_invite", args=[person.pk])


def test_a_persons_page_names_their_role_and_their_carrier(estrie_client, estrie):
    """Their seats are named too (governance registers them: accord/governance/tests/test_members.py)."""
    person = PersonFactory(region=estrie)
    grant(UserFactory(person=person), "regional_office", estrie)
    AffiliationFactory(person=person, organisation=OrganisationFactory(region=estrie, name="Meubles Boréal inc."))
    with translation.override("en"):
        found = powers.for_person(person)
    assert [p.source for p in found] == ["Staff role", "Carrier's contact"]
    html = estrie_client.get(detail(person)).content.decode()
    assert "Meubles Boréal inc." in html
    with translation.override("fr"):
        assert escape(translation.gettext("The back office of the region %(region)s") % {"region": estrie}) in html


def test_staff_invite_a_person_who_then_chooses_a_password(estrie_client, estrie, django_capture_on_commit_callbacks):
    person = PersonFactory(region=estrie, email="Nadia@Example.org", first_name="Nadia", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = estrie_client.post(invite(person))
    assert response.status_code == 302
    user = User.objects.get(person=person)
    assert (user.email, user.preferred_language, user.has_usable_password()) == ("nadia@example.org", "en", False)
    assert user.history.first().history_change_reason
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"] and "/mot-de-passe/nouveau/" in message.body
    # The invitation again, while no password was chosen: the same account, a new email, a history row.
    with django_capture_on_commit_callbacks(execute=True):
        estrie_client.post(invite(person))
    assert User.objects.filter(person=person).count() == 1
    assert len(mail.outbox) == 2
    assert user.history.count() == 2


def test_an_account_in_use_is_not_invited_again(estrie, estrie_user):
    person = PersonFactory(region=estrie)
    UserFactory(person=person)  # has a password
    with pytest.raises(ValidationError):
        account_services.invite_person(person, actor=estrie_user)


def test_a_person_without_email_or_whose_address_is_taken_is_not_invited(estrie, estrie_user):
    with pytest.raises(ValidationError):
        account_services.invite_person(PersonFactory(region=estrie, email=""), actor=estrie_user)
    UserFactory(email="pris@example.org")
    with pytest.raises(ValidationError):
        account_services.invite_person(PersonFactory(region=estrie, email="pris@example.org"), actor=estrie_user)
    assert User.objects.filter(person__isnull=False).count() == 0


def test_inviting_attacks(estrie, monteregie, estrie_client, outsider_client, privacy_client):
    person = PersonFactory(region=estrie)
    assert Client().post(invite(person)).status_code == 302
    assert outsider_client.post(invite(person)).status_code == 403
    assert privacy_client.post(invite(person)).status_code == 403
    assert estrie_client.post(invite(PersonFactory(region=monteregie))).status_code == 404
    assert estrie_client.get(invite(person)).status_code == 405
    assert not User.objects.filter(person__isnull=False).exists()


def test_the_people_list_says_who_can_sign_in(estrie_client, estrie):
    invited = PersonFactory(region=estrie, last_name="Invitée")
    User.objects.create_user("invitee@example.org", None, person=invited)
    active = PersonFactory(region=estrie, last_name="Active")
    UserFactory(person=active, last_login="2026-01-01T00:00:00Z")
    PersonFactory(region=estrie, last_name="Sans")
    with translation.override("en"):
        response = estrie_client.get(reverse("registry_bo:person_list"))
        rows = {r.record.last_name: r.get_cell("account") for r in response.context["table"].paginated_rows}
    assert rows == {"Invitée": "Invited", "Active": "Signed in", "Sans": "—"}
