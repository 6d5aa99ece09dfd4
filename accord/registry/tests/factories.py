from __future__ import annotations

import factory

from accord.registry import standing
from accord.registry.models import (
    Affiliation,
    Creneau,
    CreneauRegion,
    Membership,
    Organisation,
    Person,
    Region,
    ResourceRegionStatus,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 80) + 20:02d}")
    name = factory.Sequence(lambda n: f"Région {n}")


class ResourceRegionStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceRegionStatus

    region = factory.SubFactory(RegionFactory)
    valid_from = factory.Faker("date_between", start_date="-10y", end_date="-1y")


class CreneauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creneau
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"creneau-{n}")
    name_fr = factory.Sequence(lambda n: f"Créneau numéro {n}")
    name_en = factory.Sequence(lambda n: f"Cluster number {n}")
    category = "leader"
    recognition_stage = "recognised"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            for region in extracted:
                CreneauRegion.objects.create(creneau=self, region=region)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Entreprise {n} inc.")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    kind = "enterprise"
    region = factory.SubFactory(RegionFactory)
    city = "Sherbrooke"
    email = factory.Sequence(lambda n: f"info{n}@example.org")
    phone = "+1 819 555-0100"

    @factory.post_generation
    def creneaux(self, create, extracted, **kwargs):
        if create and extracted:
            for creneau in extracted:
                Membership.objects.create(organisation=self, creneau=creneau)
            # As the services do: the créneaux' member enterprises by year joined.
            standing.restate(creneau.pk for creneau in extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Marie"
    last_name = factory.Sequence(lambda n: f"Tremblay{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+1 418 555-0199"
    region = factory.SubFactory(RegionFactory)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Présidente"
