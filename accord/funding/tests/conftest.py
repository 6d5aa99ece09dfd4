"""A small fund world: Estrie's envelope, the guide, a niche committee, the regional committee, a carrier.

Committee decisions are taken the only way they exist: a meeting, attendance, a
resolution about the project, and its decision (see `decide`).
"""

from __future__ import annotations

import csv
import datetime
import html
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accord.accounts.tests.factories import UserFactory, grant
from accord.core.exports import EXPORT_FORMATS
from accord.funding import services, workflow
from accord.funding.models import CostCategory, Envelope, FinancingSource, FundGuide, ProgramPeriod, Project
from accord.governance import services as governance
from accord.governance.models import Committee, CommitteeKind, MandateRole
from accord.governance.tests.factories import BylawsFactory, CommitteeFactory, MandateFactory, sign_off
from accord.registry.models import Creneau, Organisation
from accord.registry.tests.factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory


@dataclass
class World:
    period: ProgramPeriod
    guide: FundGuide
    creneau: Creneau
    niche_committee: Committee
    regional_committee: Committee
    carrier: Organisation
    partner: Organisation
    carrier_user: Any
    ministry: Any
    second_ministry: Any
    office: Any
    region: Any


def committee_with_members(**kwargs: Any) -> Committee:
    committee = CommitteeFactory(**kwargs)
    BylawsFactory(committee=committee, consensus_allowed=True)
    MandateFactory(committee=committee, role=MandateRole.PRESIDENT)
    MandateFactory(committee=committee, role=MandateRole.SECRETARY)
    MandateFactory(committee=committee)
    return committee


def add_period(actor: Any, code: str, name: str = "") -> ProgramPeriod:
    """A program period named by its years ("2024-2029"): from April 1 of the first to March 31 of the last."""
    first, last = (int(year) for year in code.split("-"))
    return services.create_period(
        actor=actor,
        code=code,
        name=name or code,
        starts_on=datetime.date(first, 4, 1),
        ends_on=datetime.date(last, 3, 31),
    )


@pytest.fixture
def world(estrie, estrie_user, ministry_user) -> World:
    period = add_period(ministry_user, "2024-2029")
    guide = services.publish_guide(actor=ministry_user, in_force_from=datetime.date(2024, 4, 1))
    creneau = CreneauFactory(slug="meuble", name_fr="Meuble", name_en="Furniture", regions=[estrie])
    niche = committee_with_members(code="CC-MEUBLE-05", creneau=creneau, kind=CommitteeKind.CRENEAU)
    regional = committee_with_members(
        code="CR-05", creneau=None, region=estrie, kind=CommitteeKind.REGIONAL, name_fr="Comité régional de l'Estrie"
    )
    carrier = OrganisationFactory(name="Meubles Boréal inc.", region=estrie, creneaux=[creneau])
    partner = OrganisationFactory(name="Cégep de Victoriaville", kind="college_university", region=estrie)
    person = PersonFactory(first_name="Rosalie", email="rosalie@boreal.example")
    AffiliationFactory(person=person, organisation=carrier)
    carrier_user = UserFactory(email="rosalie@boreal.example", person=person)
    second = UserFactory(email="second@example.org")
    grant(second, "ministry")
    return World(
        period=period,
        guide=guide,
        creneau=creneau,
        niche_committee=niche,
        regional_committee=regional,
        carrier=carrier,
        partner=partner,
        carrier_user=carrier_user,
        ministry=ministry_user,
        second_ministry=second,
        office=estrie_user,
        region=estrie,
    )


def content(world: World, *, requested: str = "40000", costs: Any = None, **fields: Any) -> services.Content:
    """A project of 100,000 $: 40,000 $ asked of the fund, the rest own funds and a bank loan."""
    requested_amount = Decimal(requested)
    costs = costs or [
        (CostCategory.EQUIPMENT, "Presse numérique", Decimal("60000")),
        (CostCategory.FEES, "Design", Decimal("40000")),
    ]
    total = sum(amount for _c, _d, amount in costs)
    rest = total - requested_amount
    values = {
        "title": "Atelier de design partagé",
        "summary": "Un atelier de prototypage ouvert aux fabricants de meubles de la région.",
        "region": world.region,
        "period": world.period,
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2026, 6, 30),
        "requested_amount": requested_amount,
        "expected_jobs": 4,
        **fields,
    }
    financing = [(FinancingSource.OWN, "", rest)] if rest > 0 else []
    return services.Content(
        fields=values,
        creneaux=[world.creneau],
        costs=costs,
        financing=financing,
        partners=[(world.partner, "Formation")],
    )


def draft(world: World, **kwargs: Any) -> Project:
    return services.create_project(world.carrier, content(world, **kwargs), actor=world.carrier_user)


def propose(committee: Committee, project: Project, *, actor: Any, justification: str = "") -> Any:
    """A meeting of `committee` in session, everyone present, a resolution about the project put to it.

    `justification` is the committee's written reasons, which a project above a niche's fair
    share of the envelope needs.
    """
    meeting = governance.plan_meeting(
        committee,
        actor=actor,
        title="Séance",
        location="Sherbrooke",
        starts_at=timezone.now(),  # today: a meeting opens on its day
    )
    governance.convene_meeting(meeting, actor=actor)
    governance.open_meeting(meeting, actor=actor)
    for mandate in committee.mandates.current():
        governance.record_attendance(meeting, mandate, actor=actor, status="present")
    item = meeting.items.filter(subject_id=project.pk).first()
    return governance.propose_resolution(
        meeting,
        actor=actor,
        title=str(project),
        text="Il est résolu d'appuyer le projet.",
        item=item,
        subject=project,
        justification=justification,
    )


def decide(committee: Committee, project: Project, *, actor: Any, adopt: bool = True, justification: str = "") -> Any:
    """A meeting of `committee` decides on the project: adopted by consensus, or rejected by vote."""
    resolution = propose(committee, project, actor=actor, justification=justification)
    if adopt:
        governance.decide_resolution(resolution, actor=actor, mode="consensus")
    else:
        recused = set(resolution.recusals.values_list("mandate_id", flat=True))
        for mandate in committee.mandates.current():
            if mandate.pk not in recused:
                governance.record_vote(resolution, mandate, actor=actor, choice="against")
        governance.decide_resolution(resolution, actor=actor, mode="vote")
    resolution.refresh_from_db()
    if resolution.awaits_sign_off:
        # Recorded by staff: the member who chaired confirms it, and it takes effect.
        sign_off(resolution)
    project.refresh_from_db()
    return resolution


def to_analysis(world: World, *, justification: str = "", **kwargs: Any) -> Project:
    """A project approved by both committees, in the ministry's hands (the regional one with `justification`)."""
    project = draft(world, **kwargs)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office)
    decide(world.regional_committee, project, actor=world.office, justification=justification)
    return project


def granted(world: World, amount: str = "40000", **kwargs: Any) -> Project:
    """A project the ministry granted `amount` (`kwargs`: its content's fields, as `content`)."""
    project = to_analysis(world, **kwargs)
    services.grant_project(project, actor=world.ministry, amount=Decimal(amount))
    project.refresh_from_db()
    return project


def draft_terms(
    world: World, project: Project, *, holdback_rate: str = "0", instalments: list[Any] | None = None
) -> Any:
    """The agreement's terms for a granted project: by default the whole aid claimable from the
    grant, no holdback, the final report due a year later."""
    granted_on = timezone.localdate(project.granted_at)
    lines = instalments or [workflow.Instalment("Signature de la convention", granted_on, project.granted_amount)]
    return services.set_agreement_terms(
        project,
        actor=world.ministry,
        conditions="",
        holdback_rate=Decimal(holdback_rate),
        instalments=lines,
        reporting_dates=[workflow.ReportDue("Rapport final", granted_on + datetime.timedelta(days=365))],
    )


def signed(world: World) -> Project:
    """A granted project whose agreement is signed: it claims its instalments."""
    project = granted(world)
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2025, 2, 1))
    project.refresh_from_db()
    return project


def reported(
    world: World,
    *,
    holdback_rate: str = "10",
    claimed: str = "30000",
    expected: dict[str, Any] | None = None,
    figures: dict[str, Any] | None = None,
) -> Project:
    """A project granted 40 000 $, with `holdback_rate` % held back, `claimed` claimed and paid,
    and its final report submitted: the ministry accepts it and closes the file. `expected` are
    figures of its expected impact, `figures` those of its report (by default 2 jobs created,
    10 000 $ of private investment, no sales, 3 companies; the figures of decision 40 not given)."""
    project = granted(world, **(expected or {}))
    draft_terms(world, project, holdback_rate=holdback_rate)
    services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())
    if Decimal(claimed):
        claim = services.claim_disbursement(
            project, actor=world.carrier_user, amount=Decimal(claimed), claim="Facture", proof=attachment()
        )
        services.decide_disbursement(claim, actor=world.ministry, pay=True)
    report: dict[str, Any] = {
        "actual_cost": Decimal("80000"),
        "actual_jobs": 2,
        "actual_investment": Decimal("10000"),
        "actual_sales": Decimal("0"),
        "actual_companies": 3,
        **(figures or {}),
    }
    services.submit_final_report(project, actor=world.carrier_user, report="Réalisé.", **report)
    project.refresh_from_db()
    return project


def envelope_of(world: World) -> Envelope:
    return Envelope.objects.get(region=world.region, period=world.period)


def attachment(name: str = "facture.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 facture", content_type="application/pdf")


# --- The pages, as each reader sees them ----------------------------------------------------------------

NBSP = "\u00a0"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def french(message: str, **values: Any) -> str:
    """The message as a French page shows it (its translation once the catalogue has it)."""
    with translation.override("fr"):
        translated = gettext(message)
    return translated % values if values else translated


def english(name: str, *args: Any) -> str:
    """The English address of a fund page."""
    with translation.override("en"):
        return reverse(f"funding:{name}", args=args)


def csv_rows(response: Any) -> list[list[str]]:
    """The rows of a CSV export, checked to open in Excel with its accents."""
    assert response.status_code == 200
    assert response["Content-Type"] == EXPORT_FORMATS["csv"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads the accents
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def headers_in_french(*messages: str) -> list[str]:
    return [french(message) for message in messages]


def today() -> str:
    return timezone.localdate().isoformat()


def queries(client: Client, address: str) -> Any:
    """The queries of a page (answered 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return captured


@pytest.fixture
def carrier(world: World) -> Client:
    return client_for(world.carrier_user)


@pytest.fixture
def ministry(world: World) -> Client:
    return client_for(world.ministry)


@pytest.fixture
def office(world: World) -> Client:
    return client_for(world.office)


@pytest.fixture
def other_office(monteregie: Any) -> Client:
    """Montérégie's regional office: Estrie's projects and envelopes are out of its scope."""
    user = UserFactory(email="monteregie@example.org")
    grant(user, "regional_office", monteregie)
    return client_for(user)


@pytest.fixture
def stranger(world: World) -> Client:
    """A carrier's employee, of another organisation: the fund is open to them, this project is not."""
    organisation = OrganisationFactory(name="Autre entreprise inc.", region=world.region)
    person = PersonFactory(email="autre@example.org")
    AffiliationFactory(person=person, organisation=organisation)
    return client_for(UserFactory(email="autre@example.org", person=person))


@pytest.fixture
def member(world: World) -> Client:
    """A member of the niche committee (no staff role, no affiliation with the carrier)."""
    person = world.niche_committee.mandates.get(role="president").person
    return client_for(UserFactory(person=person))
