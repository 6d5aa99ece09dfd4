import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accord.registry import policies, services
from accord.registry.models import Creneau, Membership, Organisation, Person, ResourceRegionStatus

from .factories import CreneauFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db


def org_data(region, **overrides):
    data = {"name": "Composites Beauce inc.", "kind": "enterprise", "region": region, "city": "Saint-Georges"}
    data.update(overrides)
    return data


# --- Organisations -------------------------------------------------------------------------


def test_create_organisation_records_author_reason_and_memberships(estrie, estrie_user):
    creneau = CreneauFactory(regions=[estrie])

    org = services.create_organisation(
        actor=estrie_user, data=org_data(estrie, neq="1143281018"), creneaux=[creneau], reason="Nouvelle adhésion"
    )

    assert org.slug == "composites-beauce-inc"
    assert list(org.creneaux.all()) == [creneau]
    record = org.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        estrie_user,
        "Nouvelle adhésion",
    )
    membership_record = Membership.history.get(organisation_id=org.pk)
    assert membership_record.history_user == estrie_user


def test_create_organisation_fills_the_search_text(estrie, ministry_user):
    org = services.create_organisation(actor=ministry_user, data=org_data(estrie, name="Éolienne Côté ltée"))
    assert org.search_text == "eolienne cote ltee saint georges"
    assert Organisation.objects.search("COTE eolienne").get() == org


def test_create_organisation_outside_scope_is_refused_and_saves_nothing(monteregie, estrie_user):
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor=estrie_user, data=org_data(monteregie))
    assert not Organisation.objects.exists()


def test_create_organisation_without_region_needs_the_ministry(estrie_user, ministry_user):
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor=estrie_user, data=org_data(None, kind="foreign_cluster"))
    org = services.create_organisation(actor=ministry_user, data=org_data(None, kind="foreign_cluster"))
    assert org.region is None


def test_create_organisation_rejects_invalid_neq(estrie, ministry_user):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(actor=ministry_user, data=org_data(estrie, neq="1234"))
    assert "neq" in excinfo.value.message_dict
    assert not Organisation.objects.exists()


def test_enterprise_only_fields_are_refused_for_other_kinds(estrie, ministry_user):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(
            actor=ministry_user, data=org_data(estrie, kind="research_centre", is_leader=True, neq="1143281018")
        )
    assert set(excinfo.value.message_dict) >= {"is_leader", "neq"}


def test_duplicate_neq_is_refused_with_a_clear_message(estrie, ministry_user):
    OrganisationFactory(region=estrie, neq="1143281018")
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(actor=ministry_user, data=org_data(estrie, neq="1143281018"))
    assert excinfo.value.messages == ["Une autre organisation a déjà ce NEQ."]


def test_nul_character_is_refused(estrie, ministry_user):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(actor=ministry_user, data=org_data(estrie, name="Bad\x00name"))
    assert "name" in excinfo.value.message_dict


def test_update_organisation_saves_only_changed_fields_with_history(estrie, estrie_user):
    org = OrganisationFactory(region=estrie, city="Magog")

    changed = services.update_organisation(
        org, actor=estrie_user, data={"city": "Sherbrooke", "name": org.name}, reason="Déménagement"
    )

    assert changed == ["city"]
    org.refresh_from_db()
    assert org.city == "Sherbrooke"
    latest = org.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        estrie_user,
        "Déménagement",
    )
    assert latest.diff_against(latest.prev_record).changed_fields == ["city"]


def test_update_organisation_without_change_writes_nothing(estrie, estrie_user):
    org = OrganisationFactory(region=estrie)
    before = org.history.count()
    assert services.update_organisation(org, actor=estrie_user, data={"city": org.city}) == []
    assert org.history.count() == before


def test_update_organisation_out_of_scope_is_refused(monteregie, estrie_user):
    org = OrganisationFactory(region=monteregie, city="Granby")
    with pytest.raises(PermissionDenied):
        services.update_organisation(org, actor=estrie_user, data={"city": "Bromont"})
    org.refresh_from_db()
    assert org.city == "Granby"


def test_moving_an_organisation_needs_powers_over_both_regions(estrie, monteregie, estrie_user, ministry_user):
    org = OrganisationFactory(region=estrie)
    with pytest.raises(PermissionDenied):
        services.update_organisation(org, actor=estrie_user, data={"region": monteregie})
    services.update_organisation(org, actor=ministry_user, data={"region": monteregie})
    org.refresh_from_db()
    assert org.region == monteregie


def test_memberships_are_synchronised_and_each_change_recorded(estrie, ministry_user):
    a, b, c = (CreneauFactory(regions=[estrie]) for _ in range(3))
    org = OrganisationFactory(region=estrie, creneaux=[a, b])

    changed = services.update_organisation(org, actor=ministry_user, data={}, creneaux=[b, c])

    assert changed == ["creneaux"]
    assert set(org.creneaux.all()) == {b, c}
    records = Membership.history.filter(organisation_id=org.pk, history_user=ministry_user)
    kinds = sorted(records.values_list("history_type", "creneau_id"))
    assert kinds == sorted([("+", c.pk), ("-", a.pk)])


# --- People --------------------------------------------------------------------------------


def test_person_in_an_estrie_organisation_is_manageable_by_estrie(estrie, monteregie, estrie_user):
    person = PersonFactory(region=monteregie)
    org = OrganisationFactory(region=estrie)
    with pytest.raises(PermissionDenied):
        services.update_person(person, actor=estrie_user, data={"phone": "1"})
    # Linking needs powers over the person too: ministry links, then Estrie may edit.
    services.add_affiliation(person, org, actor=RoleScoped.ministry(), job_title="VP")
    services.update_person(person, actor=estrie_user, data={"phone": "819 555-0000"})
    person.refresh_from_db()
    assert person.phone == "819 555-0000"


def test_add_affiliation_twice_updates_the_job_title(estrie, estrie_user):
    person, org = PersonFactory(region=estrie), OrganisationFactory(region=estrie)
    first = services.add_affiliation(person, org, actor=estrie_user, job_title="Directrice")
    second = services.add_affiliation(person, org, actor=estrie_user, job_title="Présidente")
    assert first.pk == second.pk
    second.refresh_from_db()
    assert second.job_title == "Présidente"


def test_remove_affiliation_keeps_history(estrie, estrie_user):
    person, org = PersonFactory(region=estrie), OrganisationFactory(region=estrie)
    affiliation = services.add_affiliation(person, org, actor=estrie_user)
    services.remove_affiliation(affiliation, actor=estrie_user, reason="Départ")
    assert not person.affiliations.exists()
    assert person.affiliations.model.history.filter(
        person_id=person.pk, history_type="-"
    ).get().history_change_reason == ("Départ")


def test_person_email_is_unique_and_lower_case(estrie, ministry_user):
    services.create_person(
        actor=ministry_user, data={"first_name": "A", "last_name": "B", "email": "A@Example.org", "region": estrie}
    )
    assert Person.objects.get().email == "a@example.org"
    with pytest.raises(ValidationError):
        services.create_person(
            actor=ministry_user, data={"first_name": "C", "last_name": "D", "email": "a@example.org", "region": estrie}
        )


def test_an_import_s_checked_rows_skip_the_lookups_not_the_powers_nor_the_history(
    estrie, monteregie, estrie_user, django_assert_num_queries
):
    org = OrganisationFactory(region=estrie)
    data = {"first_name": "A", "last_name": "B", "email": "a@example.org", "region": estrie}
    # A savepoint, the public version, the person and its history; then a savepoint, the tie
    # and its history: neither the region, the email, the person's ties nor the organisation read.
    assert policies.can_import(estrie_user)  # the user's scope, read once per task
    with django_assert_num_queries(9):
        person = services.create_person(actor=estrie_user, data=data, reason="Import no. 1", checked=True)
        tie = services.add_affiliation(
            person, org, actor=estrie_user, job_title="DG", reason="Import no. 1", new_person=True
        )
    record = person.history.get()
    assert (record.history_user, record.history_change_reason) == (estrie_user, "Import no. 1")
    record = tie.history.get()
    assert (record.history_user, record.history_change_reason, record.job_title) == (estrie_user, "Import no. 1", "DG")

    with pytest.raises(PermissionDenied):
        services.create_person(
            actor=estrie_user, data={**data, "email": "c@example.org", "region": monteregie}, checked=True
        )
    with pytest.raises(PermissionDenied):
        services.add_affiliation(person, OrganisationFactory(region=monteregie), actor=estrie_user, new_person=True)
    # The email is left to the database's unique constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        services.create_person(actor=estrie_user, data={**data, "first_name": "C"}, checked=True)
    assert Person.objects.get() == person


# --- Créneaux ------------------------------------------------------------------------------


def creneau_data(**overrides):
    data = {"name_fr": "Éolien", "name_en": "Wind energy", "category": "emerging", "recognition_stage": "recognised"}
    data.update(overrides)
    return data


def test_only_the_ministry_creates_a_creneau(estrie, ministry_user, estrie_user):
    with pytest.raises(PermissionDenied):
        services.create_creneau(actor=estrie_user, data=creneau_data(), regions=[estrie])
    creneau = services.create_creneau(actor=ministry_user, data=creneau_data(), regions=[estrie])
    assert creneau.slug == "eolien"
    assert list(creneau.regions.all()) == [estrie]


def test_a_creneau_needs_a_region(ministry_user):
    with pytest.raises(ValidationError):
        services.create_creneau(actor=ministry_user, data=creneau_data(), regions=[])
    assert not Creneau.objects.exists()


def test_regional_office_edits_descriptions_but_not_status(estrie, estrie_user):
    creneau = CreneauFactory(regions=[estrie], category="emerging")
    services.update_creneau(creneau, actor=estrie_user, data={"description_fr": "Nouvelle définition"})
    with pytest.raises(PermissionDenied):
        services.update_creneau(creneau, actor=estrie_user, data={"category": "leader"})
    with pytest.raises(PermissionDenied):
        services.update_creneau(creneau, actor=estrie_user, data={}, regions=[estrie, RegionFactory()])
    creneau.refresh_from_db()
    assert (creneau.description_fr, creneau.category) == ("Nouvelle définition", "emerging")


def test_recognition_dates_must_follow_the_stage_and_the_calendar(estrie, ministry_user):
    with pytest.raises(ValidationError) as excinfo:
        services.create_creneau(
            actor=ministry_user,
            data=creneau_data(
                recognition_stage="principle_agreement", implementation_agreement_on=datetime.date(2008, 1, 1)
            ),
            regions=[estrie],
        )
    assert "implementation_agreement_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.create_creneau(
            actor=ministry_user,
            data=creneau_data(
                principle_agreement_on=datetime.date(2005, 1, 1), strategy_authorised_on=datetime.date(2004, 1, 1)
            ),
            regions=[estrie],
        )
    assert "strategy_authorised_on" in excinfo.value.message_dict


def test_predecessors_record_a_merger(estrie, monteregie, ministry_user):
    old_a, old_b = CreneauFactory(regions=[estrie]), CreneauFactory(regions=[monteregie])
    merged = CreneauFactory(regions=[estrie, monteregie])
    services.set_predecessors(merged, [old_a, old_b], actor=ministry_user)
    assert set(merged.predecessors.all()) == {old_a, old_b}
    assert list(old_a.successors.all()) == [merged]
    with pytest.raises(ValidationError):
        services.set_predecessors(merged, [merged], actor=ministry_user)


# --- Regions -------------------------------------------------------------------------------


def test_resource_status_periods_cannot_overlap(estrie, ministry_user):
    services.add_resource_status(estrie, actor=ministry_user, valid_from=datetime.date(2008, 1, 1))
    with pytest.raises(ValidationError):
        services.add_resource_status(estrie, actor=ministry_user, valid_from=datetime.date(2010, 1, 1))
    assert estrie.is_resource_region()


def test_ending_a_resource_status_changes_today_s_answer(estrie, ministry_user):
    status = services.add_resource_status(estrie, actor=ministry_user, valid_from=datetime.date(2008, 1, 1))
    services.end_resource_status(status, actor=ministry_user, valid_to=datetime.date(2020, 12, 31), reason="Fin")
    assert not estrie.is_resource_region()
    assert estrie.is_resource_region(on=datetime.date(2015, 6, 1))
    services.add_resource_status(estrie, actor=ministry_user, valid_from=datetime.date(2021, 1, 1))
    assert ResourceRegionStatus.objects.filter(region=estrie).count() == 2


def test_regional_office_cannot_change_resource_status(estrie, estrie_user):
    with pytest.raises(PermissionDenied):
        services.add_resource_status(estrie, actor=estrie_user, valid_from=datetime.date(2008, 1, 1))


class RoleScoped:
    """A ministry user built on demand, for tests that need a second actor."""

    @staticmethod
    def ministry():
        from accord.accounts.tests.factories import UserFactory, grant

        user = UserFactory(email="second-ministry@example.org")
        grant(user, "ministry")
        return user


def test_an_office_may_not_end_a_tie_to_another_regions_organisation(estrie, monteregie, estrie_user, ministry_user):
    """Estrie manages its own resident, but not her tie to a Montérégie enterprise (which makes her its carrier)."""
    person = PersonFactory(region=estrie)
    affiliation = services.add_affiliation(person, OrganisationFactory(region=monteregie), actor=ministry_user)
    with pytest.raises(PermissionDenied):
        services.remove_affiliation(affiliation, actor=estrie_user)
    assert person.affiliations.filter(pk=affiliation.pk).exists()


def test_the_coordinator_is_not_edited_in_the_registry(estrie, ministry_user):
    """Decision 23: the coordinator is the holder of the niche committee's coordinator mandate."""
    from django.utils import translation

    creneau = CreneauFactory(regions=[estrie], name_fr="Bois")
    person = PersonFactory(region=estrie)
    for language, message in [
        ("fr", "Le coordonnateur est le titulaire du mandat de coordonnateur"),
        ("en", "The coordinator is the holder of the coordinator mandate"),
    ]:
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                services.update_creneau(creneau, actor=ministry_user, data={"name_fr": "Bois 2", "coordinator": person})
            assert message in refused.value.message_dict["coordinator"][0]
            with pytest.raises(ValidationError) as refused:
                services.create_creneau(actor=ministry_user, data=creneau_data(coordinator=person), regions=[estrie])
            assert message in refused.value.message_dict["coordinator"][0]
    creneau.refresh_from_db()
    assert (creneau.name_fr, creneau.coordinator, creneau.revision) == ("Bois", None, 1)
    assert not Creneau.objects.filter(slug="eolien").exists()


def test_governance_records_the_coordinator_with_who_and_why(estrie, ministry_user):
    creneau = CreneauFactory(regions=[estrie])
    person = PersonFactory(region=estrie)
    assert services.record_coordinator(creneau, person, actor=ministry_user, reason="Mandat du comité")
    assert not services.record_coordinator(creneau, person, actor=ministry_user, reason="Encore")  # nothing to do
    creneau.refresh_from_db()
    assert creneau.coordinator == person
    latest = creneau.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (ministry_user, "Mandat du comité")
    assert creneau.history.count() == 2
