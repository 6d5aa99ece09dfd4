"""The permission matrix: every address of the site and the API, for every kind of user, in and
out of their scope, read (GET) and written to (POST with an empty body).

Each row of `PAGES`, `API` names a URL pattern, the gate of its area, the methods it answers and
the policy that decides it; the expected status is derived from those policies for each user and
object: 405 for a method the address does not take, a redirection to sign in (pages) or a 403
(API) for anonymous visitors, 403 outside the area or without the power, 404 for an object the
user may not see, and otherwise a page (GET) or any answer that is not a refusal nor a 5xx (an
empty POST: a form with errors, a message, a conflict). `ADMIN` pages follow the ModelAdmin's own
permissions. `test_every_address_is_in_the_matrix` walks the resolver: a new address fails it
until it has a row here.

One world (two regions, each with a créneau, a committee, an organisation, a meeting, a
resolution, minutes, a project…) is built once per worker; each row is one test, and each user's
requests run in a savepoint rolled back after them, so a POST that succeeds changes nothing for
the next user.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accord.accounts import policies as accounts
from accord.accounts import selectors as account_selectors
from accord.accounts import services as account_services
from accord.accounts.models import RoleAssignment
from accord.accounts.models import User as Account
from accord.accounts.tests.factories import UserFactory, grant
from accord.collaboration import policies as collaboration
from accord.collaboration import services as collaborations
from accord.communication import policies as communication
from accord.communication import services as publications
from accord.events import policies as events
from accord.events import services as event_services
from accord.funding import policies as funding
from accord.funding import services as fund
from accord.funding.models import Envelope, ProjectImport
from accord.funding.tests.conftest import add_period, committee_with_members, decide
from accord.funding.workflow import Instalment, ReportDue
from accord.governance import policies as governance
from accord.governance import selectors as governance_selectors
from accord.governance import services as meetings
from accord.governance.models import CommitteeKind, MandateRole
from accord.governance.tests.factories import MandateFactory
from accord.newsletter import policies as newsletter
from accord.newsletter import services as bulletins
from accord.planning import policies as planning
from accord.planning import services as plans
from accord.registry import policies as registry
from accord.registry import services as registry_services
from accord.registry.models import ImportBatch, Region
from accord.registry.tests.factories import (
    AffiliationFactory,
    CreneauFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    ResourceRegionStatusFactory,
)
from accord.results import policies as results
from accord.results import services as indicators

User = Any
Gate = Callable[[User], bool]

# --- Gates ------------------------------------------------------------------------------------


def PUBLIC(user: User) -> bool:
    return True


def SIGNED_IN(user: User) -> bool:
    return True


def READ_PUBLIC(user: User) -> bool:
    return True


BACKOFFICE = accounts.can_access_backoffice
USERS = accounts.can_manage_users
GOVERNANCE = governance.can_access_governance
FUNDING = funding.can_access_funding
PROGRAM = funding.can_view_program
PRIVACY = accounts.can_oversee_privacy
RESETTERS = accounts.can_reset_second_factors
PLANNING = planning.can_access_planning
RESULTS = results.can_access_results
EVENTS = events.can_access_events
WORKSHOPS = events.can_access_workshops
COMMUNICATION = communication.can_access_communication
COMMUNICATION_PLANS = communication.can_access_communication_plans
MEMBERS = communication.can_read_member_information
PARTNERS = registry.can_search_partners
CONTACTS = registry.can_see_contact_requests
COLLABORATION = collaboration.can_access_collaboration

# --- The world --------------------------------------------------------------------------------

ROLES = (
    "anonymous",
    "public",  # an account, no role, no mandate, no affiliation
    "carrier",  # affiliated with the Estrie organisation that carries the project
    "member",  # a plain member of Estrie's niche committee
    "officer",  # the niche committee's president
    "coordinator",  # the niche committee's coordinator (non-voting)
    "office_in",  # Estrie's regional office
    "office_out",  # Montérégie's regional office
    "ministry",
    "privacy",  # the privacy officer (Law 25)
    "admin",  # technical administrator (superuser, staff)
)


@dataclass
class Target:
    """An object of the world and the URL arguments that name it."""

    obj: Any
    kwargs: dict[str, Any]


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    #: object kind -> {"in": Target (Estrie), "out": Target (Montérégie)}
    targets: dict[str, dict[str, Target]] = field(default_factory=dict)
    cookies: dict[str, Any] = field(default_factory=dict)


def _pdf(name: str = "ordre.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def _content(region: Any, period: Any, creneau: Any, partner: Any) -> fund.Content:
    return fund.Content(
        fields={
            "title": "Atelier partagé",
            "summary": "Un atelier de prototypage ouvert aux entreprises de la région.",
            "region": region,
            "period": period,
            "starts_on": datetime.date(2025, 1, 1),
            "ends_on": datetime.date(2026, 6, 30),
            "requested_amount": Decimal("40000"),
            "expected_jobs": 4,
        },
        creneaux=[creneau],
        costs=[("equipment", "Presse", Decimal("60000")), ("fees", "Design", Decimal("40000"))],
        financing=[("own", "", Decimal("60000"))],
        partners=[(partner, "Formation")],
    )


def _region_world(w: World, which: str, region: Any, office: Any, ministry: Any, period: Any, slug: str) -> None:
    """One region's créneau, committee, organisation, person, meeting, resolution, minutes, project."""
    creneau = CreneauFactory(slug=slug, regions=[region])
    committee = committee_with_members(code=f"CC-{slug.upper()}", creneau=creneau, kind=CommitteeKind.CRENEAU)
    carrier = OrganisationFactory(
        name=f"Entreprise {slug}", slug=f"entreprise-{slug}", region=region, creneaux=[creneau]
    )
    partner = OrganisationFactory(name=f"Cégep {slug}", kind="college_university", region=region)
    person = PersonFactory(email=f"porteur-{slug}@example.org", region=region)
    affiliation = AffiliationFactory(person=person, organisation=carrier)
    carrier_user = UserFactory(email=f"porteur-{slug}@example.org", person=person)
    status = ResourceRegionStatusFactory(region=region)
    mandate = committee.mandates.get(role=MandateRole.MEMBER)
    # A project through both committees, granted and signed, with an instalment claimed.
    regional = committee_with_members(
        code=f"CR-{slug.upper()}", creneau=None, region=region, kind=CommitteeKind.REGIONAL
    )
    funded = fund.create_project(carrier, _content(region, period, creneau, partner), actor=carrier_user)
    fund.submit_project(funded, actor=carrier_user)
    decide(committee, funded, actor=office)
    decide(regional, funded, actor=office)
    fund.grant_project(funded, actor=ministry, amount=Decimal("40000"))
    granted_on = timezone.localdate(funded.granted_at)
    fund.set_agreement_terms(
        funded,
        actor=ministry,
        conditions="",
        holdback_rate=Decimal("0"),
        instalments=[Instalment("Signature", granted_on, Decimal("40000"))],
        reporting_dates=[ReportDue("Rapport final", granted_on)],
    )
    fund.sign_agreement(funded, actor=ministry, signed_on=datetime.date(2025, 2, 1))
    claim = fund.claim_disbursement(
        funded, actor=carrier_user, amount=Decimal("10000"), claim="Facture 1", proof=_pdf("facture.pdf")
    )
    if which == "in":  # Estrie's is on the public site, Montérégie's not (decision 54)
        fund.publish_project(funded, actor=ministry, summary="Un atelier de prototypage partagé.")

    planned = meetings.plan_meeting(
        committee,
        actor=office,
        title="Réunion d'automne",
        location="Sherbrooke",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        items=[{"title": "Plan d'action", "kind": "decision"}],
    )
    item = planned.items.get()
    document = meetings.attach_document(item, actor=office, title="Ordre du jour", file=_pdf())
    session = meetings.plan_meeting(
        committee,
        actor=office,
        title="Séance",
        location="Sherbrooke",
        starts_at=timezone.now(),  # today: a meeting opens on its day
        items=[{"title": "Appui", "kind": "decision"}],
    )
    meetings.convene_meeting(session, actor=office)
    meetings.open_meeting(session, actor=office)
    for seat in committee.mandates.current():
        meetings.record_attendance(session, seat, actor=office, status="present")
    resolution = meetings.propose_resolution(
        session, actor=office, title="Appui au plan", text="Il est résolu…", item=session.items.get()
    )
    past = meetings.plan_meeting(
        committee,
        actor=office,
        title="Séance passée",
        location="Sherbrooke",
        starts_at=timezone.now() - datetime.timedelta(days=40),
        items=[{"title": "Bilan", "kind": "information"}],
    )
    meetings.convene_meeting(past, actor=office)
    meetings.open_meeting(past, actor=office)
    meetings.close_meeting(past, actor=office)
    minutes = meetings.draft_minutes(past, actor=office, text="Présents : tous.")
    bylaws = committee.bylaws.get()  # in force since before Accord

    project = fund.create_project(carrier, _content(region, period, creneau, partner), actor=carrier_user)
    project_document = fund.attach_document(project, actor=carrier_user, title="Plan d'affaires", file=_pdf("plan.pdf"))
    fund.submit_project(project, actor=carrier_user)
    envelope = Envelope.objects.get(region=region, period=period)
    delegation = fund.delegate(actor=ministry, region=region, period=period, up_to=Decimal("50000"), reason="Essai")
    batch = ImportBatch.objects.create(kind="organisations", file_name="a.csv", content=b"x", uploaded_by=office)
    history_import = ProjectImport.objects.create(file_name="historique.csv", uploaded_by=ministry)
    plan = plans.create_plan(creneau, actor=ministry, data={"first_year": 2025, "last_year": 2027})
    axis = plans.add_axis(plan, actor=ministry, data={"kind": "innovation"})
    objective = plans.add_objective(axis, actor=ministry, data={"text": "Innover"})
    action = plans.add_action(objective, actor=ministry, data={"title": "Salon"})
    indicator = indicators.define_indicator(actor=ministry, plan=plan, data={"code": "emplois", "name_fr": "Emplois"})
    indicator_value = indicators.report_value(creneau, indicator, actor=ministry, year=2025, value=Decimal("3"))
    # A target too: the admin's pages of targets open one (its history).
    indicators.set_target(plan, indicator, actor=ministry, year=2025, value=Decimal("5"))
    programme = plans.create_programme(plan, actor=ministry, year=2025)
    priority = plans.add_priority(programme, actor=ministry, action=action, data={})
    # A draft bilan: written, not adopted (the public site shows none of it).
    bilan = indicators.write_bilan(creneau, actor=ministry, year=2025, data={"highlights_fr": "Un salon."})
    event = event_services.create_event(
        creneau,
        actor=ministry,
        data={"title_fr": "Forum", "kind": "forum", "starts_on": datetime.date(2025, 5, 14), "action": action},
    )
    # A members-only event to come, registration open, with one registration (decision 48).
    upcoming = event_services.create_event(
        creneau,
        actor=ministry,
        data={
            "title_fr": "Maillage",
            "kind": "matchmaking",
            "starts_on": timezone.localdate() + datetime.timedelta(days=30),
            "audience": "members",
            "registration_open": True,
        },
    )
    registration = event_services.register(upcoming, name="Anne", email=f"anne@{slug}.example.org", actor=ministry)
    # The forum's workshops (decision 53): the carrier's person takes a workshop's notes, the committee's
    # member chairs it; its synthesis is published (its PDF for whoever sees the event).
    theme = event_services.save_theme(event, actor=ministry, data={"title_fr": "La mobilisation"})
    workshop = event_services.save_workshop(
        event,
        actor=ministry,
        data={
            "title": "Atelier A",
            "chair": committee.mandates.get(role=MandateRole.MEMBER).person,
            "note_taker": person,
        },
    )
    event_services.edit_synthesis(event, actor=ministry, introduction="", texts={theme.pk: "Mobiliser."})
    event_services.take_synthesis_step(event, "submit", actor=ministry)
    event_services.take_synthesis_step(event, "publish", actor=ministry)
    # News and stories (decision 46): a draft story, and a published story and piece of news.
    story_fields = {"creneau": creneau, "region": region, "theme": "innovation", "results_fr": "3 brevets"}
    draft = publications.create_publication(
        kind="story", actor=ministry, data={**story_fields, "title_fr": f"Brouillon {slug}", "title_en": "Draft"}
    )
    story = publications.create_publication(
        kind="story", actor=ministry, data={**story_fields, "title_fr": f"Bon coup {slug}", "title_en": "Story"}
    )
    publications.publish_publication(story, actor=ministry)
    news = publications.create_publication(
        kind="news", actor=ministry, data={"creneau": creneau, "title_fr": f"Nouvelle {slug}", "title_en": "News"}
    )
    publications.publish_publication(news, actor=ministry)
    # The region's communication plan of the year and an activity of it (decision 51), kept by its office.
    comm_plan = publications.create_communication_plan(
        region=region, actor=office, data={"year": 2026, "budget": Decimal(1000)}
    )
    comm_activity = publications.save_activity(
        comm_plan, actor=office, data={"title_fr": "Capsules", "kind": "social", "budget": Decimal(10)}
    )
    # Members-only information of the region's créneau, published with its document (decision 52).
    briefing = publications.create_briefing(
        actor=ministry,
        data={
            "kind": "tender",
            "title_fr": f"Appel {slug}",
            "summary_fr": "400 postes",
            "creneaux": [creneau],
            "file": _pdf(),
        },
    )
    publications.publish_briefing(briefing, actor=ministry)
    # A capability of the region's enterprise, for the partner search (decision 58).
    offer = registry_services.declare_offer(
        carrier, actor=ministry, data={"kind": "capability", "label_fr": f"Usinage {slug}", "sector": "Usinage"}
    )
    # An experience note of the niche (decision 57): Estrie's published, Montérégie's a draft.
    note = collaborations.create_note(
        creneau, actor=ministry, data={"title_fr": f"Leçons {slug}", "worked_fr": "Les visites d'usine."}
    )
    if which == "in":
        collaborations.publish_note(note, actor=ministry)
    # A draft issue of the newsletter for the region's subscribers (decision 49).
    issue = bulletins.create_issue(
        actor=ministry, data={"title_fr": f"Bulletin {slug}", "regions": [region], "publications": [story]}
    )

    c = committee.slug
    targets = {
        "region": Target(region, {"code": region.code}),
        "region_public": Target(region, {"code": region.code}),
        "status": Target(status, {"code": region.code, "status_pk": status.pk}),
        "creneau_public": Target(creneau, {"slug": creneau.slug}),
        "creneau": Target(creneau, {"pk": creneau.pk}),
        "organisation_public": Target(carrier, {"slug": carrier.slug}),
        "organisation": Target(carrier, {"pk": carrier.pk}),
        "organisation_api": Target(carrier, {"pk": carrier.pk}),
        "person": Target(person, {"pk": person.pk}),
        "affiliation": Target(affiliation, {"pk": person.pk, "affiliation_pk": affiliation.pk}),
        "import": Target(batch, {"pk": batch.pk}),
        "history_import": Target(history_import, {"pk": history_import.pk}),
        "committee": Target(committee, {"slug": c}),
        "mandate": Target(mandate, {"slug": c, "pk": mandate.pk}),
        "meeting": Target(planned, {"pk": planned.pk}),
        "session": Target(session, {"pk": session.pk}),
        "item": Target(item, {"pk": planned.pk, "item_pk": item.pk}),
        "document": Target(document, {"pk": document.pk}),
        "resolution": Target(resolution, {"pk": resolution.pk}),
        "minutes": Target(minutes, {"pk": minutes.pk}),
        "bylaws": Target(bylaws, {"slug": c, "version": bylaws.version}),
        "past": Target(past, {"pk": past.pk}),
        "project": Target(project, {"pk": project.pk}),
        "project_document": Target(project_document, {"pk": project.pk, "doc_pk": project_document.pk}),
        "envelope": Target(envelope, {"pk": envelope.pk}),
        "delegation": Target(delegation, {"pk": delegation.pk}),
        "disbursement": Target(claim, {"pk": claim.pk}),
        "disbursement_api": Target(claim, {"pk": funded.pk, "disbursement": claim.pk}),
        "funded": Target(funded, {"pk": funded.pk}),
        "project_public": Target(funded, {"pk": funded.pk}),
        "plan_creneau": Target(creneau, {"pk": creneau.pk}),
        "plan": Target(plan, {"pk": plan.pk}),
        "axis": Target(axis, {"pk": axis.pk}),
        "objective": Target(objective, {"pk": objective.pk}),
        "action": Target(action, {"pk": action.pk}),
        "indicator": Target(indicator, {"pk": indicator.pk}),
        "indicator_value": Target(indicator_value, {"pk": indicator_value.pk}),
        "programme": Target(programme, {"pk": programme.pk}),
        "priority": Target(priority, {"pk": priority.pk}),
        "event": Target(event, {"pk": event.pk}),
        "event_site": Target(upcoming, {"pk": upcoming.pk}),
        "registration": Target(registration, {"token": registration.token}),
        "gathering": Target(event, {"pk": event.pk}),
        "theme": Target(theme, {"pk": theme.pk}),
        "workshop": Target(workshop, {"pk": workshop.pk}),
        "synthesis_public": Target(event, {"pk": event.pk}),
        "publication": Target(draft, {"pk": draft.pk}),
        "story_public": Target(story, {"slug": story.slug}),
        "news_public": Target(news, {"slug": news.slug}),
        "publication_image": Target(story, {"slug": story.slug}),
        "newsletter_issue": Target(issue, {"pk": issue.pk}),
        "communication_plan": Target(comm_plan, {"pk": comm_plan.pk}),
        "communication_activity": Target(comm_activity, {"pk": comm_plan.pk, "activity_pk": comm_activity.pk}),
        "communication_region": Target(region, {"code": region.code}),
        "briefing": Target(briefing, {"pk": briefing.pk}),
        "briefing_member": Target(briefing, {"pk": briefing.pk}),
        "offer": Target(offer, {"pk": offer.pk}),
        "offer_search": Target(offer, {"pk": offer.pk}),
        "organisation_offers": Target(carrier, {"slug": carrier.slug}),
        "collab_creneau": Target(creneau, {"slug": creneau.slug}),
        "experience_note": Target(note, {"pk": note.pk}),
        "results_creneau": Target(creneau, {"pk": creneau.pk}),
        "bilan": Target(creneau, {"pk": creneau.pk, "year": 2025}),
        "bilan_api": Target(creneau, {"creneau_slug": creneau.slug, "year": 2025}),
        "bilan_public": Target(bilan, {"slug": creneau.slug, "year": 2025}),
        "bilan_region": Target(region, {"pk": region.pk, "year": 2025}),
        "dashboard_region": Target(region, {"pk": region.pk}),
    }
    for kind, target in targets.items():
        w.targets.setdefault(kind, {})[which] = target
    if which == "in":
        w.users["carrier"] = carrier_user
        w.users["member"] = UserFactory(email="membre@example.org", person=mandate.person)
        president = committee.mandates.get(role=MandateRole.PRESIDENT).person
        # The president signed off the funded project's decisions: they already have an account.
        w.users["officer"] = Account.objects.filter(person=president).first() or UserFactory(
            email="presidence@example.org", person=president
        )
        coordinator = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False)
        w.users["coordinator"] = UserFactory(email="coordo@example.org", person=coordinator.person)
        report = meetings.submit_report(
            committee,
            actor=office,
            coordinator=coordinator,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            activities="Rencontres.",
        )
        w.targets["report"] = {"in": Target(report, {"slug": c, "pk": report.pk})}
        # The coordinator's mandate names them the créneau's coordinator in the registry (decision 23).
        registry_services.record_coordinator(creneau, coordinator.person, actor=ministry)


def build_world() -> World:
    w = World()
    estrie = RegionFactory(code="05", name="Estrie")
    monteregie = RegionFactory(code="16", name="Montérégie")
    ministry = UserFactory(email="ministere@example.org")
    grant(ministry, "ministry")
    privacy = UserFactory(email="confidentialite@example.org")
    grant(privacy, "privacy_officer")
    office_in = UserFactory(email="estrie@example.org")
    grant(office_in, "regional_office", estrie)
    office_out = UserFactory(email="monteregie@example.org")
    grant(office_out, "regional_office", monteregie)
    w.users |= {
        "public": UserFactory(email="public@example.org"),
        "office_in": office_in,
        "office_out": office_out,
        "ministry": ministry,
        "privacy": privacy,
        "admin": UserFactory(email="admin@example.org", is_staff=True, is_superuser=True),
    }
    period = add_period(ministry, "2024-2029")
    fund.publish_guide(actor=ministry, in_force_from=datetime.date(2024, 4, 1))
    _region_world(w, "in", estrie, office_in, ministry, period, "meuble")
    _region_world(w, "out", monteregie, office_out, ministry, period, "aero")
    # Montérégie's carrier asks Estrie's coordinator to be put in touch with Estrie's enterprise (decision 58).
    contact = registry_services.request_contact(
        w.targets["offer"]["in"].obj,
        actor=Account.objects.get(email="porteur-aero@example.org"),
        requester_organisation=w.targets["organisation_public"]["out"].obj,
        message="Bonjour",
    )
    w.targets["contact"] = {"in": Target(contact, {"pk": contact.pk})}
    # Declared links between niches (decision 57): Estrie's niche supplies Montérégie's; two niches of
    # Montérégie share a market (Estrie's people do not speak for either).
    meuble, aero = w.targets["collab_creneau"]["in"].obj, w.targets["collab_creneau"]["out"].obj
    link_in = collaborations.declare_link(
        meuble, aero, actor=ministry, kind="supplier_customer", description_fr="Des sièges d'avion."
    )
    link_out = collaborations.declare_link(
        aero,
        CreneauFactory(slug="aero-bis", regions=[monteregie]),
        actor=ministry,
        kind="shared_market",
        description_fr="Les mêmes donneurs d'ordres.",
    )
    w.targets["creneau_link"] = {
        "in": Target(link_in, {"pk": link_in.pk}),
        "out": Target(link_out, {"pk": link_out.pk}),
    }
    guide = fund.selectors.current_guide()
    w.targets["guide"] = {"in": Target(guide, {"version": guide.version})}
    target_user = w.users["carrier"]
    w.targets["user"] = {"in": Target(target_user, {"pk": target_user.pk})}
    # A regional office's account: ministry staff and the technical administrator may reset its second factor.
    w.targets["staff_user"] = {"in": Target(office_in, {"pk": office_in.pk})}
    assignment = RoleAssignment.objects.get(user=office_in)
    w.targets["assignment"] = {"in": Target(assignment, {"pk": office_in.pk, "assignment_pk": assignment.pk})}
    token, _key = account_services.create_api_token(ministry, actor=ministry)
    w.targets["token"] = {"in": Target(token, {"token_key": token.token_key})}
    device = account_services.start_totp_enrolment(ministry, actor=ministry)
    device.confirmed = True  # as if its first code had been given (the service is tested on its own)
    device.save(update_fields=["confirmed"])
    w.targets["device"] = {"in": Target(device, {"pk": device.pk})}
    # Nothing answers to these: every reader gets the 404 (the point is that nobody gets a 500).
    w.targets["nothing"] = {"in": Target(None, {"pk": 999999})}
    w.targets["bad_token"] = {"in": Target(None, {"token": "nope"})}  # a forged or expired signed link
    return w


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once per worker, inside a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            for role in ROLES[1:]:
                # Signed in once per user: the session lives in the database, inside this transaction.
                client = Client()
                client.force_login(world.users[role])
                world.cookies[role] = client.cookies
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _pdf_without_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who may have a PDF is the question here, not the PDF: WeasyPrint takes a second a file."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7 stub")


# --- Who sees what: the policies, per kind of object -----------------------------------------


def _in(queryset: Any, obj: Any) -> bool:
    return bool(queryset.filter(pk=obj.pk).exists())


VISIBLE: dict[str, Callable[[User, Any], bool]] = {
    "region": lambda u, o: _in(registry.manageable_regions(u), o),
    "status": lambda u, o: _in(registry.manageable_regions(u), o.region),
    "creneau_public": lambda u, o: _in(registry.visible_creneaux(u), o),
    "creneau": lambda u, o: _in(registry.manageable_creneaux(u), o),
    "organisation_public": lambda u, o: _in(registry.visible_organisations(u), o),
    "organisation": lambda u, o: _in(registry.manageable_organisations(u), o),
    "organisation_api": lambda u, o: _in(registry.visible_organisations(u), o),
    "person": lambda u, o: _in(registry.manageable_people(u), o),
    "affiliation": lambda u, o: _in(registry.manageable_people(u), o.person),
    "import": lambda u, o: _in(registry.visible_import_batches(u), o),
    "history_import": lambda u, o: _in(funding.visible_project_imports(u), o),
    "user": lambda u, o: _in(accounts.visible_users(u), o),
    "assignment": lambda u, o: _in(accounts.visible_users(u), o.user),
    "staff_user": lambda u, o: _in(accounts.second_factor_resettable_users(u), o),
    "token": lambda u, o: _in(accounts.visible_api_tokens(u), o),
    "device": lambda u, o: u.is_authenticated and o in account_selectors.second_factor_devices(u),
    "nothing": lambda u, o: False,
    "bad_token": lambda u, o: False,
    "region_public": lambda u, o: _in(registry.visible_regions(u), o),
    "committee": lambda u, o: _in(governance.visible_committees(u), o),
    "mandate": lambda u, o: _in(governance.visible_committees(u), o.committee),
    "report": lambda u, o: _in(governance.visible_committees(u), o.committee),
    "meeting": lambda u, o: _in(governance.visible_meetings(u), o),
    "session": lambda u, o: _in(governance.visible_meetings(u), o),
    "past": lambda u, o: _in(governance.visible_meetings(u), o),
    "item": lambda u, o: _in(governance.visible_meetings(u), o.meeting),
    "document": lambda u, o: _in(governance.visible_meetings(u), o.item.meeting),
    "resolution": lambda u, o: _in(governance.visible_resolutions(u), o),
    "minutes": lambda u, o: _in(governance.visible_meetings(u), o.meeting),
    "bylaws": lambda u, o: _in(governance.visible_committees(u), o.committee),
    "project": lambda u, o: _in(funding.visible_projects(u), o),
    "project_document": lambda u, o: _in(funding.visible_projects(u), o.project),
    "envelope": lambda u, o: _in(funding.visible_envelopes(u), o),
    "delegation": lambda u, o: _in(funding.visible_delegations(u), o),
    "disbursement": lambda u, o: _in(funding.visible_projects(u), o.project),
    "disbursement_api": lambda u, o: _in(funding.visible_projects(u), o.project),
    "funded": lambda u, o: _in(funding.visible_projects(u), o),
    "project_public": lambda u, o: _in(funding.published_projects(), o),
    "guide": lambda u, o: True,
    "plan_creneau": lambda u, o: _in(planning.visible_creneaux(u), o),
    "plan": lambda u, o: _in(planning.visible_plans(u), o),
    "axis": lambda u, o: _in(planning.visible_axes(u), o),
    "objective": lambda u, o: _in(planning.visible_objectives(u), o),
    "action": lambda u, o: _in(planning.visible_actions(u), o),
    "indicator": lambda u, o: _in(results.visible_indicators(u), o),
    "indicator_value": lambda u, o: _in(results.visible_values(u), o),
    "programme": lambda u, o: _in(planning.visible_programmes(u), o),
    "priority": lambda u, o: _in(planning.visible_priorities(u), o),
    "event": lambda u, o: _in(events.visible_events(u), o),
    "event_site": lambda u, o: _in(events.site_events(u), o),
    "registration": lambda u, o: True,  # the key of the link is the right
    "gathering": lambda u, o: _in(events.workshop_events(u), o),
    "theme": lambda u, o: _in(events.workshop_events(u), o.event),
    "workshop": lambda u, o: _in(events.visible_workshops(u), o),
    # This world's syntheses are published: the PDF is for whoever sees the event.
    "synthesis_public": lambda u, o: _in(events.site_events(u), o),
    "publication": lambda u, o: _in(communication.visible_publications(u), o),
    "story_public": lambda u, o: _in(communication.published_publications(timezone.now()), o),
    "news_public": lambda u, o: _in(communication.published_publications(timezone.now()), o),
    "newsletter_issue": lambda u, o: _in(newsletter.visible_issues(u), o),
    "communication_plan": lambda u, o: _in(communication.visible_communication_plans(u), o),
    "communication_activity": lambda u, o: _in(communication.visible_communication_plans(u), o.plan),
    "communication_region": lambda u, o: True,
    "publication_image": lambda u, o: bool(o.image),  # this world's have none: a 404
    "briefing": lambda u, o: _in(communication.visible_briefings(u), o),
    "briefing_member": lambda u, o: _in(communication.readable_briefings(u), o),
    "offer": lambda u, o: (
        _in(registry.visible_offers(u), o) or _in(registry.declarable_organisations(u), o.organisation)
    ),
    "offer_search": lambda u, o: _in(registry.visible_offers(u), o),
    "organisation_offers": lambda u, o: _in(
        registry.visible_organisations(u) | registry.declarable_organisations(u), o
    ),
    "contact": lambda u, o: _in(registry.visible_contact_requests(u), o),
    "collab_creneau": lambda u, o: True,  # créneaux are public; the area's gate decides
    "creneau_link": lambda u, o: _in(collaboration.visible_links(), o),
    "experience_note": lambda u, o: _in(collaboration.visible_notes(u), o),
    "results_creneau": lambda u, o: _in(results.visible_creneaux(u), o),
    "bilan": lambda u, o: _in(results.visible_creneaux(u), o),
    "bilan_api": lambda u, o: _in(results.visible_creneaux(u), o),
    # Only an adopted bilan is public: this world's is a draft.
    "bilan_public": lambda u, o: o.status == "adopted" and _in(registry.visible_creneaux(u), o.creneau),
    "bilan_region": lambda u, o: True,  # the region exists; whether its bilan is the user's is a 403
    "dashboard_region": lambda u, o: True,  # likewise its dashboard
}

# --- What the user may do with it (a 403 otherwise) -------------------------------------------


def step(name: str) -> Callable[[User, Any], bool]:
    def may(user: User, project: Any) -> bool:
        return funding.may_take(user, getattr(project, "project", project), name)

    return may


def committee_of(policy: Callable[[User, Any], bool]) -> Callable[[User, Any], bool]:
    """A committee policy, asked of the committee of a mandate, meeting, item, document, minutes…"""

    def may(user: User, obj: Any) -> bool:
        for path in ("committee", "meeting.committee", "item.meeting.committee"):
            target = obj
            for attr in path.split("."):
                target = getattr(target, attr, None)
            if target is not None:
                return policy(user, target)
        return policy(user, obj)

    return may


def meeting_of(policy: Callable[[User, Any], bool]) -> Callable[[User, Any], bool]:
    return lambda user, obj: policy(user, getattr(obj, "meeting", obj))


def staff(user: User, obj: Any = None) -> bool:
    return accounts.scope_for(user).is_staff


def plan_editor(user: User, obj: Any) -> bool:
    """Whoever writes the plans of the niche of a plan, an axis, an objective or an action."""
    for path in (
        "creneau",
        "plan.creneau",
        "axis.plan.creneau",
        "objective.axis.plan.creneau",
        "programme.plan.creneau",
    ):
        target = obj
        for attr in path.split("."):
            target = getattr(target, attr, None)
        if target is not None:
            return planning.can_edit_plans(user, target)
    return planning.can_edit_plans(user, obj)


def event_manager(user: User, obj: Any) -> bool:
    """Whoever manages the events of a niche, or of an event's niche."""
    return events.can_manage_events(user, getattr(obj, "creneau", obj))


def synthesis_editor(user: User, obj: Any) -> bool:
    """Whoever manages the event of a gathering, a theme or a workshop (decision 53)."""
    return events.can_edit_synthesis(user, getattr(obj, "event", obj))


def notes_writer(user: User, workshop: Any) -> bool:
    return events.can_write_notes(user, workshop)


def publication_editor(user: User, publication: Any) -> bool:
    return communication.can_edit_publication(user, publication)


def briefing_editor(user: User, briefing: Any) -> bool:
    return communication.can_edit_briefing(user, briefing)


def offer_declarer(user: User, obj: Any) -> bool:
    """Whoever declares the capabilities and needs of an organisation, or of an offer's (decision 58)."""
    return registry.can_declare_offers(user, getattr(obj, "organisation", obj))


def contact_requester(user: User, offer: Any) -> bool:
    return registry.can_request_contact(user, offer)


def link_declarer(user: User, obj: Any) -> bool:
    return collaboration.may_declare(user)


def link_ender(user: User, link: Any) -> bool:
    return collaboration.can_end_link(user, link)


def note_author(user: User, obj: Any = None) -> bool:
    return collaboration.can_write_notes(user)


def note_editor(user: User, note: Any) -> bool:
    return collaboration.can_edit_note(user, note)


def plan_keeper(user: User, obj: Any) -> bool:
    """A communication plan, its activity or its region: kept by the region's office."""
    region = obj if isinstance(obj, Region) else getattr(obj, "region", None) or obj.plan.region
    return communication.can_keep_communication_plan(user, region)


def value_reporter(user: User, value: Any) -> bool:
    return results.can_report(user, value.creneau)


def common_indicators(user: User, obj: Any = None) -> bool:
    return results.can_define_common_indicators(user)


def bilan_writer(user: User, creneau: Any) -> bool:
    return results.can_write_bilan(user, creneau)


def regional_bilan_reader(user: User, region: Any) -> bool:
    return _in(results.overview_regions(user), region)


def adoption_recorder(user: User, plan: Any) -> bool:
    return planning.can_record_adoption(user, plan)


def issue_editor(user: User, issue: Any) -> bool:
    return newsletter.can_edit_issue(user, issue)


def program_manager(user: User, obj: Any = None) -> bool:
    return funding.can_manage_program(user)


def region_editor(user: User, obj: Any) -> bool:
    return registry.can_edit_region(user, getattr(obj, "region", obj))


def unlinker(user: User, affiliation: Any) -> bool:
    return registry.can_edit_person(user, affiliation.person) and registry.can_edit_organisation(
        user, affiliation.organisation
    )


def without_second_factor(user: User) -> bool:
    """A key is added from a session that passed the second factor: these sessions passed none."""
    return user.is_authenticated and not account_selectors.has_second_factor(user)


def signatory(user: User, minutes: Any) -> bool:
    return bool(governance.minutes_signatures(user, minutes))


def interest(user: User, resolution: Any) -> bool:
    own = resolution.committee.mandates.current().filter(person_id=getattr(user, "person_id", None)).exists()
    return own or governance.can_run_meeting(user, resolution.meeting)


def own_seat(user: User, meeting: Any) -> bool:
    """A notice is answered for one's own seat on the committee on the day of the meeting."""
    return governance_selectors.sitting(meeting).own_mandate(user) is not None


def commenter(user: User, minutes: Any) -> bool:
    """Approved minutes answer their comments are closed (a message, a 409), not a refusal."""
    return governance.can_comment_minutes(user, minutes) or minutes.status == "approved"


# --- The rows -----------------------------------------------------------------------------------

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
STEP_OK = (200, 302, 409)  # a step the project's status does not allow is a message on its page


@dataclass(frozen=True)
class Row:
    name: str
    gate: Gate
    methods: tuple[str, ...] = GET
    obj: str | None = None
    may: Callable[[User, Any], bool] | None = None
    #: The power a POST needs, when reading needs none (the default: `may`).
    may_post: Callable[[User, Any], bool] | None = None
    #: Django's login_required views check the sign-in before the method.
    gate_first: bool = False
    get_ok: tuple[int, ...] = (200,)
    kwargs: dict[str, Any] = field(default_factory=dict)


PAGES = [
    # Language switch, health, sign-in and one's own account.
    Row("set_language", PUBLIC, BOTH, get_ok=(302,)),
    Row("health", PUBLIC),
    Row("accounts:account", SIGNED_IN),
    Row("accounts:token_create", SIGNED_IN, POST),
    Row("accounts:token_revoke", SIGNED_IN, POST, obj="token"),
    Row("accounts:login", PUBLIC, BOTH, get_ok=(200, 302)),  # signed in: sent on
    Row("accounts:second_factor", PUBLIC, BOTH, get_ok=(200, 302)),  # a code is asked only during a sign-in
    Row("accounts:second_factor_enrol", SIGNED_IN, BOTH, get_ok=(200, 302)),
    Row("accounts:second_factor_remove", SIGNED_IN, BOTH, obj="device"),
    Row("accounts:backup_codes_generate", SIGNED_IN, POST),
    # No security key exists in this world: every signed-in user is answered 404.
    Row("accounts:security_key_name", SIGNED_IN, BOTH, obj="nothing"),
    Row("accounts:security_key_remove", SIGNED_IN, BOTH, obj="nothing"),
    Row("accounts:security_key_messages", PUBLIC),
    Row("accounts:logout", PUBLIC, POST, get_ok=(302,)),
    Row("accounts:password_reset", PUBLIC, BOTH),
    Row("accounts:password_reset_done", PUBLIC),
    Row("accounts:password_reset_confirm", PUBLIC, BOTH, kwargs={"uidb64": "MQ", "token": "nope-nope"}),
    Row("accounts:password_reset_complete", PUBLIC),
    Row("accounts:password_change", SIGNED_IN, BOTH, gate_first=True),
    Row("accounts:password_change_done", SIGNED_IN, gate_first=True),
    # The public site.
    Row("registry:home", PUBLIC),
    Row("favicon", PUBLIC, get_ok=(301,)),
    Row("robots", PUBLIC),
    Row("sitemap", PUBLIC),
    Row("sitemap_section", PUBLIC, kwargs={"section": "creneaux"}),
    Row("registry:search", PUBLIC),
    Row("registry:region_list", PUBLIC),
    Row("registry:region_detail", PUBLIC, obj="region_public"),
    Row("registry:creneau_list", PUBLIC),
    Row("registry:creneau_detail", PUBLIC, obj="creneau_public"),
    Row("registry:creneau_fiche_pdf", PUBLIC, obj="creneau_public"),
    Row("registry:organisation_list", PUBLIC),
    Row("registry:organisation_detail", PUBLIC, obj="organisation_public"),
    Row("registry:privacy_notice", PUBLIC),
    # The partner search (decision 58): members, coordinators and staff; offers declared by the
    # organisation's people, its créneaux' coordinators, its office and the ministry.
    Row("registry:partner_search", PARTNERS),
    Row("registry:organisation_offers", SIGNED_IN, BOTH, obj="organisation_offers", may=offer_declarer),
    Row("registry:offer_edit", SIGNED_IN, BOTH, obj="offer", may=offer_declarer),
    Row("registry:offer_end", SIGNED_IN, POST, obj="offer", may=offer_declarer),
    Row("registry:contact_request_new", PARTNERS, BOTH, obj="offer_search", may=contact_requester),
    Row("registry:contact_request_list", CONTACTS),
    Row("registry:contact_request_handle", CONTACTS, POST, obj="contact"),
    # The registry's back office.
    Row("landing", SIGNED_IN, BOTH, get_ok=(200, 302)),
    Row("registry_bo:dashboard", BACKOFFICE),
    Row("registry_bo:work_centre", registry.can_see_work, BOTH),
    Row("registry_bo:organisation_list", BACKOFFICE),
    Row("registry_bo:organisation_create", BACKOFFICE, BOTH),
    Row("registry_bo:organisation_options", BACKOFFICE, may=lambda u, o: registry.can_edit_creneaux(u)),
    Row("registry_bo:organisation_detail", BACKOFFICE, obj="organisation"),
    Row("registry_bo:organisation_edit", BACKOFFICE, BOTH, obj="organisation", may=registry.can_edit_organisation),
    Row(
        "registry_bo:organisation_publish", BACKOFFICE, POST, obj="organisation", may=registry.can_publish_organisation
    ),
    Row("registry_bo:organisation_history", BACKOFFICE, obj="organisation"),
    Row("registry_bo:person_list", BACKOFFICE),
    Row("registry_bo:person_create", BACKOFFICE, BOTH),
    Row("registry_bo:person_detail", BACKOFFICE, obj="person"),
    Row("registry_bo:person_edit", BACKOFFICE, BOTH, obj="person", may=registry.can_edit_person),
    Row(
        "registry_bo:person_invite",
        BACKOFFICE,
        POST,
        obj="person",
        may=lambda u, o: accounts.can_invite_people(u) and registry.can_edit_person(u, o),
    ),
    Row("registry_bo:person_history", BACKOFFICE, obj="person"),
    Row("registry_bo:person_data_json", BACKOFFICE, obj="person", may=registry.can_export_person),
    Row("registry_bo:person_data_pdf", BACKOFFICE, obj="person", may=registry.can_export_person),
    Row("registry_bo:person_anonymise", BACKOFFICE, BOTH, obj="person", may=registry.can_anonymise_person),
    Row("registry_bo:affiliation_add", BACKOFFICE, POST, obj="person"),
    Row("registry_bo:affiliation_remove", BACKOFFICE, POST, obj="affiliation", may=unlinker),
    Row("registry_bo:creneau_list", BACKOFFICE),
    Row("registry_bo:creneau_create", BACKOFFICE, BOTH, may=lambda u, o: registry.can_create_creneau(u)),
    Row("registry_bo:creneau_edit", BACKOFFICE, BOTH, obj="creneau", may=registry.can_edit_creneau),
    Row("registry_bo:creneau_history", BACKOFFICE, obj="creneau"),
    Row("registry_bo:region_list", BACKOFFICE),
    Row("registry_bo:region_detail", BACKOFFICE, obj="region"),
    Row("registry_bo:region_edit", BACKOFFICE, BOTH, obj="region", may=region_editor),
    Row("registry_bo:region_history", BACKOFFICE, obj="region"),
    Row("registry_bo:resource_status_add", BACKOFFICE, POST, obj="region", may=region_editor),
    Row("registry_bo:resource_status_end", BACKOFFICE, POST, obj="status", may=region_editor),
    Row("registry_bo:import_list", BACKOFFICE),
    Row("registry_bo:import_new", BACKOFFICE, BOTH, may=lambda u, o: registry.can_import(u)),
    Row("registry_bo:import_detail", BACKOFFICE, obj="import"),
    Row("registry_bo:import_confirm", BACKOFFICE, POST, obj="import"),
    Row("registry_bo:import_publish", BACKOFFICE, POST, obj="import"),
    Row(
        "registry_bo:import_template",
        BACKOFFICE,
        kwargs={"kind": "organisations"},
        may=lambda u, o: registry.can_import(u),
    ),
    # Accounts and roles.
    Row("accounts_bo:user_list", USERS),
    Row("accounts_bo:user_create", USERS, BOTH),
    Row("accounts_bo:user_detail", USERS, obj="user"),
    Row("accounts_bo:role_grant", USERS, POST, obj="user"),
    Row("accounts_bo:role_end", USERS, POST, obj="assignment"),
    Row("accounts_bo:second_factor_reset", RESETTERS, BOTH, obj="staff_user"),
    Row("privacy:access_log", PRIVACY),
    # Governance.
    Row("governance:committee_list", GOVERNANCE),
    Row("governance:my_committees", GOVERNANCE),
    Row("governance:committee_create", GOVERNANCE, BOTH, may=staff),
    Row("governance:compliance_list", GOVERNANCE, may=staff),
    Row("governance:committee_detail", GOVERNANCE, obj="committee"),
    Row("governance:members_invite", GOVERNANCE, POST, obj="committee", may=governance.can_invite_members),
    Row("governance:committee_edit", GOVERNANCE, BOTH, obj="committee", may=governance.can_manage_committee),
    Row("governance:committee_timeline", GOVERNANCE, obj="committee"),
    Row("governance:mandate_create", GOVERNANCE, BOTH, obj="committee", may=governance.can_manage_committee),
    Row("governance:mandate_end", GOVERNANCE, BOTH, obj="mandate", may=committee_of(governance.can_manage_committee)),
    Row("governance:mandate_approve", GOVERNANCE, POST, obj="mandate", may=committee_of(governance.can_approve_seat)),
    Row("governance:mandate_decline", GOVERNANCE, BOTH, obj="mandate", may=committee_of(governance.can_approve_seat)),
    Row("governance:bylaws_list", GOVERNANCE, obj="committee"),
    Row("governance:bylaws_create", GOVERNANCE, BOTH, obj="committee", may=governance.can_manage_committee),
    Row("governance:bylaws_acknowledge", GOVERNANCE, POST, obj="committee", may=governance.can_acknowledge_bylaws),
    Row("governance:bylaws_pdf", GOVERNANCE, obj="bylaws"),
    Row("governance:report_create", GOVERNANCE, BOTH, obj="committee", may=governance.can_report),
    Row("governance:report_detail", GOVERNANCE, obj="report"),
    Row("governance:calendar_page", GOVERNANCE, BOTH, get_ok=(200,)),
    Row("governance:person_calendar", PUBLIC, kwargs={"token": "nope"}, get_ok=(404,)),
    Row("governance:committee_calendar", PUBLIC, obj="committee", kwargs={"token": "nope"}, get_ok=(404,)),
    Row("governance:meeting_create", GOVERNANCE, BOTH, obj="committee", may=governance.can_convene),
    Row("governance:meeting_detail", GOVERNANCE, obj="meeting"),
    Row("governance:meeting_pack", GOVERNANCE, obj="meeting"),
    Row("governance:notice_answer", GOVERNANCE, BOTH, obj="meeting", may=own_seat),
    Row("governance:notice_answer_link", PUBLIC, BOTH, obj="bad_token"),
    Row("governance:meeting_edit", GOVERNANCE, BOTH, obj="meeting", may=committee_of(governance.can_convene)),
    Row("governance:meeting_convene", GOVERNANCE, POST, obj="meeting", may=committee_of(governance.can_convene)),
    Row("governance:meeting_open", GOVERNANCE, POST, obj="meeting", may=governance.can_run_meeting),
    Row("governance:meeting_close", GOVERNANCE, POST, obj="session", may=governance.can_run_meeting),
    Row("governance:meeting_chair", GOVERNANCE, POST, obj="session", may=governance.can_run_meeting),
    Row("governance:meeting_cancel", GOVERNANCE, BOTH, obj="meeting", may=committee_of(governance.can_convene)),
    Row("governance:item_add", GOVERNANCE, BOTH, obj="meeting", may=committee_of(governance.can_convene)),
    Row("governance:document_add", GOVERNANCE, BOTH, obj="item", may=committee_of(governance.can_convene)),
    Row("governance:document_download", GOVERNANCE, obj="document"),
    Row("governance:attendance", GOVERNANCE, BOTH, obj="session", may=governance.can_run_meeting),
    Row("governance:resolution_list", GOVERNANCE),
    Row("governance:resolution_propose", GOVERNANCE, BOTH, obj="session", may=governance.can_run_meeting),
    Row("governance:resolution_detail", GOVERNANCE, obj="resolution"),
    Row("governance:interest_declare", GOVERNANCE, BOTH, obj="resolution", may=interest),
    Row("governance:votes_record", GOVERNANCE, BOTH, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("governance:resolution_decide", GOVERNANCE, POST, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("governance:resolution_defer", GOVERNANCE, BOTH, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("governance:resolution_sign_off", GOVERNANCE, POST, obj="resolution", may=governance.can_sign_off),
    Row("governance:minutes_edit", GOVERNANCE, BOTH, obj="past", may=governance.can_run_meeting),
    Row("governance:minutes_circulate", GOVERNANCE, POST, obj="minutes", may=meeting_of(governance.can_run_meeting)),
    Row(
        "governance:minutes_sign",
        GOVERNANCE,
        POST,
        obj="minutes",
        may=lambda u, m: bool(governance.minutes_signatures(u, m)),
    ),
    Row("governance:notice_pdf", GOVERNANCE, obj="meeting"),
    Row("governance:agenda_pdf", GOVERNANCE, obj="meeting"),
    Row("governance:meeting_ics", GOVERNANCE, obj="meeting"),
    Row("governance:minutes_pdf", GOVERNANCE, obj="minutes"),
    Row("governance:minutes_comments", GOVERNANCE, BOTH, obj="minutes", may_post=commenter),
    # The fund.
    Row("funding:project_list", FUNDING),
    Row("funding:project_create", FUNDING, BOTH, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:project_check", FUNDING, POST, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:project_plan_actions", FUNDING, POST, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:project_similar", FUNDING, POST, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:similar_search", funding.can_search_similar),
    Row("funding:project_line", FUNDING, kwargs={"kind": "costs"}, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:partner_options", FUNDING, may=lambda u, o: funding.can_create_project(u)),
    Row("funding:project_detail", FUNDING, obj="project"),
    Row("funding:project_edit", FUNDING, BOTH, obj="project", may=step("edit"), get_ok=STEP_OK),
    Row("funding:project_pdf", FUNDING, obj="project"),
    Row("funding:project_history", FUNDING, obj="project"),
    Row("funding:project_document_add", FUNDING, BOTH, obj="project", may=step("document"), get_ok=STEP_OK),
    Row("funding:project_document", FUNDING, obj="project_document"),
    Row("funding:project_submit", FUNDING, POST, obj="project", may=step("submit")),
    Row("funding:project_withdraw", FUNDING, BOTH, obj="project", may=step("withdraw"), get_ok=STEP_OK),
    Row("funding:project_return", FUNDING, BOTH, obj="project", may=step("return"), get_ok=STEP_OK),
    Row("funding:project_analysis", FUNDING, BOTH, obj="project", may=step("analysis"), get_ok=STEP_OK),
    Row("funding:project_grant", FUNDING, BOTH, obj="project", may=step("grant"), get_ok=STEP_OK),
    Row("funding:project_countersign", FUNDING, POST, obj="project", may=step("countersign")),
    Row("funding:project_refuse", FUNDING, BOTH, obj="project", may=step("refuse"), get_ok=STEP_OK),
    Row("funding:project_agreement", FUNDING, BOTH, obj="project", may=step("agreement"), get_ok=STEP_OK),
    Row("funding:project_claim", FUNDING, BOTH, obj="project", may=step("claim"), get_ok=STEP_OK),
    Row("funding:disbursement_decide", FUNDING, BOTH, obj="disbursement", may=step("decide")),
    Row("funding:project_report", FUNDING, BOTH, obj="project", may=step("report"), get_ok=STEP_OK),
    Row("funding:project_report_return", FUNDING, BOTH, obj="project", may=step("report_return"), get_ok=STEP_OK),
    Row("funding:project_close", FUNDING, BOTH, obj="project", may=step("close"), get_ok=STEP_OK),
    Row("funding:project_publish", FUNDING, BOTH, obj="funded", may=step("publish"), get_ok=STEP_OK),
    Row("funding:project_unpublish", FUNDING, BOTH, obj="funded", may=step("unpublish"), get_ok=STEP_OK),
    Row("funding_public:project_list", PUBLIC),
    Row("funding_public:project_detail", PUBLIC, obj="project_public"),
    Row("funding_public:how_it_works", PUBLIC),
    Row("results_program:program", PUBLIC),
    Row("funding:project_terms", FUNDING, BOTH, obj="project", may=step("terms"), get_ok=STEP_OK),
    Row("funding:terms_line", FUNDING, obj="project", kwargs={"kind": "instalments"}, may=step("terms")),
    Row("funding:agreement_pdf", FUNDING, obj="funded"),
    Row("funding:dashboard", PROGRAM),
    Row("funding:envelope_list", PROGRAM),
    Row("funding:envelope_detail", PROGRAM, obj="envelope"),
    Row("funding:envelope_edit", PROGRAM, BOTH, obj="envelope", may=program_manager),
    Row("funding:equity_edit", PROGRAM, BOTH, obj="envelope", may=program_manager),
    Row("funding:period_list", PROGRAM),
    Row("funding:period_create", PROGRAM, BOTH, may=program_manager),
    Row("funding:guide_list", PROGRAM),
    Row("funding:guide_create", PROGRAM, BOTH, may=program_manager),
    Row("funding:guide_detail", PROGRAM, obj="guide"),
    Row("funding:delegation_list", PROGRAM),
    Row("funding:delegation_create", PROGRAM, BOTH, may=program_manager),
    Row("funding:delegation_revoke", PROGRAM, POST, obj="delegation", may=program_manager),
    Row("funding:history_import", PROGRAM, BOTH, may=lambda u, o: funding.can_import_projects(u)),
    Row(
        "funding:history_import_detail",
        PROGRAM,
        obj="history_import",
        may=lambda u, o: funding.can_import_projects(u),
    ),
    Row(
        "funding:history_import_confirm",
        PROGRAM,
        POST,
        obj="history_import",
        may=lambda u, o: funding.can_import_projects(u),
    ),
    Row("planning:plan_list", PLANNING),
    Row("planning:creneau_plans", PLANNING, obj="plan_creneau"),
    Row("planning:plan_create", PLANNING, BOTH, obj="plan_creneau", may=plan_editor),
    Row("planning:plan_detail", PLANNING, obj="plan"),
    Row("planning:plan_edit", PLANNING, BOTH, obj="plan", may=plan_editor),
    Row("planning:plan_adopt", PLANNING, BOTH, obj="plan", may=adoption_recorder),
    Row("planning:plan_submit", PLANNING, POST, obj="plan", may=plan_editor),
    Row("planning:programme_create", PLANNING, BOTH, obj="plan", may=plan_editor),
    Row("planning:programme_detail", PLANNING, obj="programme"),
    Row("planning:programme_submit", PLANNING, POST, obj="programme", may=plan_editor),
    Row("planning:priority_create", PLANNING, BOTH, obj="programme", may=plan_editor),
    Row("planning:priority_edit", PLANNING, BOTH, obj="priority", may=plan_editor),
    Row("planning:priority_delete", PLANNING, POST, obj="priority", may=plan_editor),
    Row("planning:axis_create", PLANNING, BOTH, obj="plan", may=plan_editor),
    Row("planning:axis_edit", PLANNING, BOTH, obj="axis", may=plan_editor),
    Row("planning:axis_delete", PLANNING, POST, obj="axis", may=plan_editor),
    Row("planning:objective_create", PLANNING, BOTH, obj="axis", may=plan_editor),
    Row("planning:objective_edit", PLANNING, BOTH, obj="objective", may=plan_editor),
    Row("planning:objective_delete", PLANNING, POST, obj="objective", may=plan_editor),
    Row("planning:action_create", PLANNING, BOTH, obj="objective", may=plan_editor),
    Row("planning:action_edit", PLANNING, BOTH, obj="action", may=plan_editor),
    Row("planning:action_delete", PLANNING, POST, obj="action", may=plan_editor),
    # A niche's events (decision 44): read with its plans, managed by who writes them.
    Row("events:creneau_events", EVENTS, obj="plan_creneau"),
    Row("events:event_create", EVENTS, BOTH, obj="plan_creneau", may=event_manager),
    Row("events:event_edit", EVENTS, BOTH, obj="event", may=event_manager),
    Row("events:event_held", EVENTS, BOTH, obj="event", may=event_manager),
    Row("events:event_cancel", EVENTS, BOTH, obj="event", may=event_manager),
    Row("events:registrations", EVENTS, obj="event", may=event_manager),
    Row("events:attendance", EVENTS, BOTH, obj="event", may=event_manager),
    # The public calendar, registration and feeds (decision 48): a members-only event is a 404 to others.
    Row("events_public:calendar", PUBLIC),
    Row("events_public:feed", PUBLIC),
    Row("events_public:creneau_feed", PUBLIC, obj="creneau_public"),
    Row("events_public:region_feed", PUBLIC, obj="region_public"),
    Row("events_public:event_detail", PUBLIC, obj="event_site"),
    Row("events_public:event_ics", PUBLIC, obj="event_site"),
    Row("events_public:register", PUBLIC, BOTH, obj="event_site"),
    Row("events_public:registration", PUBLIC, obj="registration"),
    Row("events_public:registration_cancel", PUBLIC, BOTH, obj="registration"),
    # A gathering's workshops and synthesis (decision 53): its people read, its note-takers write their
    # workshop's notes, whoever manages the event sets the rest; the published synthesis as a PDF.
    Row("events:gathering", WORKSHOPS, obj="gathering"),
    Row("events:theme_create", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events:theme_edit", WORKSHOPS, BOTH, obj="theme", may=synthesis_editor),
    Row("events:workshop_create", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events:workshop_edit", WORKSHOPS, BOTH, obj="workshop", may=synthesis_editor),
    Row("events:workshop_notes", WORKSHOPS, BOTH, obj="workshop", may_post=notes_writer),
    Row("events:synthesis", WORKSHOPS, BOTH, obj="gathering", may_post=synthesis_editor),
    Row("events:synthesis_submit", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events:synthesis_return", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events:synthesis_publish", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events:synthesis_withdraw", WORKSHOPS, BOTH, obj="gathering", may=synthesis_editor),
    Row("events_public:synthesis_pdf", PUBLIC, obj="synthesis_public"),
    # News and success stories (decision 46): the public reads what is published; editors write what
    # their niche or region covers.
    Row("communication:news_list", PUBLIC),
    Row("communication:story_list", PUBLIC),
    Row("communication:news_rss", PUBLIC),
    Row("communication:news_atom", PUBLIC),
    Row("communication:story_rss", PUBLIC),
    Row("communication:story_atom", PUBLIC),
    Row("communication:news_block", PUBLIC),
    Row("communication:relay", PUBLIC),
    Row("communication:news_detail", PUBLIC, obj="news_public"),
    Row("communication:story_detail", PUBLIC, obj="story_public"),
    Row("communication:image", PUBLIC, obj="publication_image"),
    Row("communication_bo:publication_list", COMMUNICATION),
    Row("communication_bo:news_create", COMMUNICATION, BOTH),
    Row("communication_bo:story_create", COMMUNICATION, BOTH),
    Row("communication_bo:publication_preview", COMMUNICATION, obj="publication"),
    Row("communication_bo:publication_history", COMMUNICATION, obj="publication"),
    Row("communication_bo:publication_edit", COMMUNICATION, BOTH, obj="publication", may=publication_editor),
    # The draft has no image: those who see it are answered 404.
    Row("communication_bo:preview_image", COMMUNICATION, obj="publication", get_ok=(404,)),
    Row("communication_bo:publication_publish", COMMUNICATION, BOTH, obj="publication", may=publication_editor),
    Row("communication_bo:publication_schedule", COMMUNICATION, BOTH, obj="publication", may=publication_editor),
    Row("communication_bo:publication_unpublish", COMMUNICATION, BOTH, obj="publication", may=publication_editor),
    # The regions' communication plans (decision 51): kept by the region's office, read by the ministry.
    Row("communication_bo:plan_list", COMMUNICATION_PLANS),
    Row("communication_bo:plan_create", COMMUNICATION_PLANS, BOTH, obj="communication_region", may=plan_keeper),
    Row("communication_bo:plan_detail", COMMUNICATION_PLANS, obj="communication_plan"),
    Row("communication_bo:plan_history", COMMUNICATION_PLANS, obj="communication_plan"),
    Row("communication_bo:plan_edit", COMMUNICATION_PLANS, BOTH, obj="communication_plan", may=plan_keeper),
    Row("communication_bo:activity_create", COMMUNICATION_PLANS, BOTH, obj="communication_plan", may=plan_keeper),
    Row("communication_bo:activity_edit", COMMUNICATION_PLANS, BOTH, obj="communication_activity", may=plan_keeper),
    # Members-only information (decision 52): a 404 on an item and its document to whoever may not read
    # it; the editors' pages for whoever writes for its niches.
    Row("communication:briefing_list", MEMBERS),
    Row("communication:briefing_detail", PUBLIC, obj="briefing_member"),
    Row("communication:briefing_file", PUBLIC, obj="briefing_member"),
    Row("communication_bo:briefing_list", COMMUNICATION),
    Row("communication_bo:briefing_create", COMMUNICATION, BOTH),
    Row("communication_bo:briefing_detail", COMMUNICATION, obj="briefing"),
    Row("communication_bo:briefing_history", COMMUNICATION, obj="briefing"),
    Row("communication_bo:briefing_edit", COMMUNICATION, BOTH, obj="briefing", may=briefing_editor),
    Row("communication_bo:briefing_downloads", COMMUNICATION, obj="briefing", may=briefing_editor),
    Row("communication_bo:briefing_publish", COMMUNICATION, BOTH, obj="briefing", may=briefing_editor),
    Row("communication_bo:briefing_withdraw", COMMUNICATION, BOTH, obj="briefing", may=briefing_editor),
    # Collaboration between niches (decision 57).
    Row("collaboration:network", COLLABORATION),
    Row("collaboration:creneau_links", COLLABORATION, obj="collab_creneau"),
    Row("collaboration:link_declare", COLLABORATION, BOTH, obj="collab_creneau", may=link_declarer),
    Row("collaboration:link_end", COLLABORATION, BOTH, obj="creneau_link", may=link_ender),
    Row("collaboration:link_history", COLLABORATION, obj="creneau_link"),
    Row("collaboration:note_list", COLLABORATION),
    Row("collaboration:note_create", COLLABORATION, BOTH, may=note_author),
    Row("collaboration:note_detail", COLLABORATION, obj="experience_note"),
    Row("collaboration:note_history", COLLABORATION, obj="experience_note"),
    Row("collaboration:note_edit", COLLABORATION, BOTH, obj="experience_note", may=note_editor),
    Row("collaboration:note_publish", COLLABORATION, BOTH, obj="experience_note", may=note_editor),
    Row("collaboration:note_withdraw", COLLABORATION, BOTH, obj="experience_note", may=note_editor),
    # The newsletter (decision 49): the public's pages by their links' tokens (a forged one is a 404,
    # a forged confirmation a page saying so), the archive, and communication's editors' pages.
    Row("newsletter:subscribe", PUBLIC, BOTH),
    Row("newsletter:check_email", PUBLIC),
    Row("newsletter:confirm", PUBLIC, BOTH, kwargs={"token": "nope"}),
    Row("newsletter:unsubscribe", PUBLIC, BOTH, obj="bad_token"),
    Row("newsletter:interests", PUBLIC, BOTH, obj="bad_token"),
    Row("newsletter:archive", PUBLIC),
    Row("newsletter:archive_detail", PUBLIC, obj="nothing"),
    Row("newsletter_bo:issue_list", COMMUNICATION),
    Row("newsletter_bo:issue_create", COMMUNICATION, BOTH),
    Row("newsletter_bo:issue_detail", COMMUNICATION, obj="newsletter_issue"),
    Row("newsletter_bo:issue_edit", COMMUNICATION, BOTH, obj="newsletter_issue", may=issue_editor),
    Row("newsletter_bo:issue_send", COMMUNICATION, BOTH, obj="newsletter_issue", may=issue_editor),
    # Indicators and their values (decision 34).
    Row("results:indicator_list", RESULTS),
    Row("results:indicator_create", RESULTS, BOTH, may=common_indicators),
    Row("results:plan_indicator_create", RESULTS, BOTH, obj="plan", may=plan_editor),
    Row("results:indicator_edit", RESULTS, BOTH, obj="indicator", may=results.can_edit_indicator),
    Row("results:indicator_retire", RESULTS, POST, obj="indicator", may=results.can_edit_indicator),
    Row("results:approval_queue", RESULTS),
    Row("results:creneau_indicators", RESULTS, obj="plan_creneau"),
    Row("results:value_report", RESULTS, BOTH, obj="plan_creneau", may=results.can_report),
    Row("results:target_set", RESULTS, BOTH, obj="plan_creneau", may=plan_editor),
    Row("results:value_detail", RESULTS, obj="indicator_value"),
    Row("results:value_edit", RESULTS, BOTH, obj="indicator_value", may=value_reporter),
    Row("results:value_submit", RESULTS, POST, obj="indicator_value", may=value_reporter),
    # The value is a draft: a reviewer is told on its page that only a submitted value is approved.
    Row("results:value_approve", RESULTS, POST, obj="indicator_value", may=results.can_review),
    Row("results:value_return", RESULTS, BOTH, obj="indicator_value", may=results.can_review),
    Row("results:bilan_index", RESULTS, obj="results_creneau"),
    Row("results:bilan_detail", RESULTS, obj="bilan"),
    Row("results:bilan_edit", RESULTS, BOTH, obj="bilan", may=bilan_writer),
    Row("results:bilan_submit", RESULTS, POST, obj="bilan", may=bilan_writer),
    Row("results:bilan_pdf", RESULTS, obj="bilan"),
    Row("results:region_bilan", RESULTS, obj="bilan_region", may=regional_bilan_reader),
    Row("results:program_bilan", RESULTS, kwargs={"year": 2025}, may=lambda u, o: results.can_see_program_bilan(u)),
    Row("results:dashboard", RESULTS, may=lambda u, o: results.can_see_program_bilan(u)),
    Row("results:region_dashboard", RESULTS, obj="dashboard_region", may=regional_bilan_reader),
    Row("results:creneau_dashboard", RESULTS, obj="results_creneau"),
    Row("results_public:bilans", PUBLIC, obj="creneau_public"),
    Row("results_public:bilan", PUBLIC, obj="bilan_public"),
]

# The API: anonymous callers are refused with 403 (session authentication comes first), the area's
# gate is checked before the method, then the object (404) and the power (403).
API = [
    Row("api:api-root", READ_PUBLIC),
    Row("api:token", PUBLIC, POST, get_ok=(405,)),
    # The JSON steps of a security key (django-otp-webauthn's views, under /compte/cles/).
    Row("accounts:security_key_register_begin", without_second_factor, POST),
    Row("accounts:security_key_register_complete", without_second_factor, POST),
    # Only during a sign-in (a password just typed) or from a session that owes its second factor.
    Row("accounts:security_key_sign_in_begin", SIGNED_IN, POST),
    Row("accounts:security_key_sign_in_complete", SIGNED_IN, POST),
    Row("api:schema", PUBLIC),
    Row("api:docs", PUBLIC),
    Row("api:region-list", PUBLIC),
    Row("api:region-detail", PUBLIC, obj="region_public"),
    Row("api:creneau-list", PUBLIC),
    Row("api:creneau-detail", PUBLIC, obj="creneau_public"),
    Row("api:publication-list", PUBLIC),
    Row("api:publication-detail", PUBLIC, obj="story_public"),
    Row("api:briefing-list", MEMBERS),
    Row("api:briefing-detail", MEMBERS, obj="briefing_member"),
    Row("api:partner-offer-list", PARTNERS),
    Row("api:partner-offer-detail", PARTNERS, obj="offer_search"),
    Row("api:creneau-links", COLLABORATION, obj="collab_creneau"),
    Row("api:experience-note-list", COLLABORATION),
    Row("api:experience-note-detail", COLLABORATION, obj="experience_note"),
    Row("api:public-project-list", PUBLIC),
    Row("api:public-project-detail", PUBLIC, obj="project_public"),
    Row("api:event-list", PUBLIC),
    Row("api:event-detail", PUBLIC, obj="event_site"),
    Row("api:organisation-list", READ_PUBLIC, BOTH),
    Row("api:organisation-detail", READ_PUBLIC, ("GET", "PUT", "PATCH"), obj="organisation_api"),
    Row("api:committee-list", GOVERNANCE),
    Row("api:committee-detail", GOVERNANCE, obj="committee"),
    Row("api:committee-mandates", GOVERNANCE, POST, obj="committee", may=governance.can_manage_committee),
    Row("api:committee-bylaws", GOVERNANCE, BOTH, obj="committee", may_post=governance.can_manage_committee),
    Row("api:committee-bylaws-acknowledge", GOVERNANCE, POST, obj="committee", may=governance.can_acknowledge_bylaws),
    Row("api:meeting-list", GOVERNANCE, BOTH),
    Row("api:meeting-detail", GOVERNANCE, obj="meeting"),
    Row("api:meeting-attendance", GOVERNANCE, BOTH, obj="session", may_post=governance.can_run_meeting),
    Row("api:meeting-cancel", GOVERNANCE, POST, obj="meeting", may=committee_of(governance.can_convene)),
    Row("api:meeting-close", GOVERNANCE, POST, obj="session", may=governance.can_run_meeting),
    Row("api:meeting-chair", GOVERNANCE, POST, obj="session", may=governance.can_run_meeting),
    Row("api:meeting-convene", GOVERNANCE, POST, obj="meeting", may=committee_of(governance.can_convene)),
    Row("api:meeting-open", GOVERNANCE, POST, obj="meeting", may=governance.can_run_meeting),
    # A member answers for their own seat; the meeting's pack, whoever sees it (as their pages).
    Row("api:meeting-answer", GOVERNANCE, BOTH, obj="meeting", may=own_seat),
    Row("api:meeting-pack", GOVERNANCE, obj="meeting"),
    Row("api:minutes-comments", GOVERNANCE, BOTH, obj="minutes", may_post=commenter),
    Row("api:resolution-list", GOVERNANCE, BOTH),
    Row("api:resolution-detail", GOVERNANCE, obj="resolution"),
    Row("api:resolution-decide", GOVERNANCE, POST, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("api:resolution-defer", GOVERNANCE, POST, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("api:resolution-sign-off", GOVERNANCE, POST, obj="resolution", may=governance.can_sign_off),
    Row("api:resolution-interest", GOVERNANCE, POST, obj="resolution", may=interest),
    Row("api:resolution-votes", GOVERNANCE, POST, obj="resolution", may=meeting_of(governance.can_run_meeting)),
    Row("api:plan-list", PLANNING, BOTH),
    Row("api:plan-detail", PLANNING, ("GET", "PUT", "PATCH"), obj="plan"),
    Row("api:indicator-list", RESULTS, BOTH),
    Row("api:indicator-detail", RESULTS, obj="indicator"),
    Row("api:indicator-value-list", RESULTS, BOTH),
    Row("api:indicator-value-detail", RESULTS, ("GET", "PATCH"), obj="indicator_value"),
    Row("api:indicator-value-submit", RESULTS, POST, obj="indicator_value", may=value_reporter),
    Row("api:indicator-value-approve", RESULTS, POST, obj="indicator_value", may=results.can_review),
    Row("api:indicator-value-return", RESULTS, POST, obj="indicator_value", may=results.can_review),
    Row("api:bilan", RESULTS, obj="bilan_api"),
    # The niches the user reads, compared (this world has no common indicator: an empty answer).
    Row("api:indicator-benchmark", RESULTS),
    Row("api:plan-axis-list", PLANNING, POST),
    Row("api:plan-axis-detail", PLANNING, ("PUT", "PATCH"), obj="axis"),
    Row("api:plan-axis-remove", PLANNING, POST, obj="axis", may=plan_editor),
    Row("api:plan-objective-list", PLANNING, POST),
    Row("api:plan-objective-detail", PLANNING, ("PUT", "PATCH"), obj="objective"),
    Row("api:plan-objective-remove", PLANNING, POST, obj="objective", may=plan_editor),
    Row("api:plan-action-list", PLANNING, POST),
    Row("api:plan-action-detail", PLANNING, ("PUT", "PATCH"), obj="action"),
    Row("api:plan-action-remove", PLANNING, POST, obj="action", may=plan_editor),
    Row("api:envelope-list", PROGRAM),
    Row("api:envelope-detail", PROGRAM, obj="envelope"),
    Row("api:project-list", FUNDING, BOTH, may_post=lambda u, o: funding.can_create_project(u)),
    Row("api:project-similar", funding.can_search_similar, POST, get_ok=(405,)),
    Row("api:project-import", FUNDING, POST, may=lambda u, o: funding.can_import_projects(u)),
    Row("api:project-detail", FUNDING, obj="project"),
    Row("api:project-submit", FUNDING, POST, obj="project", may=step("submit")),
    Row("api:project-withdraw", FUNDING, POST, obj="project", may=step("withdraw")),
    Row("api:project-return", FUNDING, POST, obj="project", may=step("return")),
    Row("api:project-grant", FUNDING, POST, obj="project", may=step("grant")),
    Row("api:project-countersign", FUNDING, POST, obj="project", may=step("countersign")),
    Row("api:project-refuse", FUNDING, POST, obj="project", may=step("refuse")),
    Row("api:project-analysis", FUNDING, POST, obj="project", may=step("analysis")),
    Row("api:project-terms", FUNDING, POST, obj="project", may=step("terms")),
    Row("api:project-agreement", FUNDING, POST, obj="project", may=step("agreement")),
    # The signed project, with its claim: the steps of instalments and of the final report are open there.
    Row("api:project-claim", FUNDING, POST, obj="funded", may=step("claim")),
    Row("api:project-decide-disbursement", FUNDING, POST, obj="disbursement_api", may=step("decide")),
    Row("api:project-report", FUNDING, POST, obj="funded", may=step("report")),
    Row("api:project-report-return", FUNDING, POST, obj="funded", may=step("report_return")),
    Row("api:project-close", FUNDING, POST, obj="funded", may=step("close")),
]

# --- The expectations --------------------------------------------------------------------------

#: An empty POST that the user may send: a form with errors, a message, a conflict, or done.
ACCEPTED = (200, 201, 204, 302, 400, 409)


def _user(role: str, world: World) -> Any:
    return AnonymousUser() if role == "anonymous" else world.users[role]


def expected_page(row: Row, user: Any, target: Target | None, method: str) -> tuple[int, ...]:
    if method not in row.methods and not (row.gate_first and not user.is_authenticated):
        return (405,)
    if row.gate is not PUBLIC:
        if not user.is_authenticated:
            return (302,)
        if not row.gate(user):
            return (403,)
    return _object_and_power(row, user, target, method)


def expected_api(row: Row, user: Any, target: Target | None, method: str) -> tuple[int, ...]:
    if row.gate is READ_PUBLIC and method != "GET" and not user.is_authenticated:
        return (403,)
    if row.gate not in (PUBLIC, READ_PUBLIC) and (not user.is_authenticated or not row.gate(user)):
        return (403,)
    if method not in row.methods:
        return (405,)
    return _object_and_power(row, user, target, method)


def _object_and_power(row: Row, user: Any, target: Target | None, method: str) -> tuple[int, ...]:
    if target is not None and not VISIBLE[row.obj](user, target.obj):  # type: ignore[index]
        return (404,)
    may = row.may_post or row.may if method == "POST" else row.may
    if may is not None and not may(user, target.obj if target else None):
        return (403,)
    return row.get_ok if method == "GET" else ACCEPTED


def _targets(row: Row, world: World) -> list[tuple[str, Target | None]]:
    if row.obj is None:
        return [("-", None)]
    return sorted(world.targets[row.obj].items())


def _address(row: Row, target: Target | None) -> str:
    kwargs = {**(target.kwargs if target else {}), **row.kwargs}
    return reverse(row.name, kwargs=kwargs)


def _client(role: str, world: World) -> Client:
    # An address per user: the token endpoint's throttle counts per client address.
    client = Client(REMOTE_ADDR=f"10.0.0.{ROLES.index(role) + 1}")
    if role != "anonymous":
        client.cookies = copy.deepcopy(world.cookies[role])
    return client


def _run(row: Row, world: World, expect: Callable[..., tuple[int, ...]], api: bool) -> list[str]:
    problems = []
    for role in ROLES:
        client = _client(role, world)
        for which, target in _targets(row, world):
            address = _address(row, target)
            with transaction.atomic():
                for method in ("GET", "POST"):
                    user = _user(role, world)
                    allowed = expect(row, user, target, method)
                    if api:
                        response = client.generic(method, address, "{}" if method == "POST" else "", "application/json")
                    else:
                        response = client.generic(method, address)
                    code = response.status_code
                    to_sign_in = code == 302 and not api and not user.is_authenticated and row.gate is not PUBLIC
                    if code not in allowed or (to_sign_in and "/compte/connexion/" not in response["Location"]):
                        problems.append(f"{role:11} {method:4} {which:3} {address}: {code}, expected {allowed}")
                transaction.set_rollback(True)
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("row", PAGES, ids=[row.name for row in PAGES])
def test_page(world, row):
    problems = _run(row, world, expected_page, api=False)
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("row", API, ids=[row.name for row in API])
def test_api(world, row):
    problems = _run(row, world, expected_api, api=True)
    assert not problems, "\n" + "\n".join(problems)


# --- The Django admin: staff only, then the ModelAdmin's own permissions -----------------------


def _admin_rows() -> list[tuple[str, str, Any]]:
    """(name, pattern, model admin or None) of every admin address."""
    rows = []
    site = admin.site
    for route, name, _callback in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        model_admin = None
        for model, candidate in site._registry.items():
            if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
                model_admin = candidate
        rows.append((name, route, model_admin))
    return rows


def _walk(patterns: Any, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


ADMIN_ROWS = sorted({(name, route) for name, route, _ma in _admin_rows()})


def _admin_address(name: str, route: str, world: World) -> tuple[str, Any]:
    """The address of an admin pattern, its arguments filled with the first object of its model."""
    model_admin = next((ma for n, r, ma in _admin_rows() if n == name and r == route), None)
    first = model_admin.model.objects.order_by("pk").first() if model_admin else None
    values = {
        "object_id": first.pk if first else 0,
        "pk": first.pk if first else 0,
        "content_type_id": 1,
        "app_label": "registry",
        "history_id": 0,
        "id": world.users["carrier"].pk,
        "url": "nope",
    }
    address = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    address = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), address)
    positional = iter([values["object_id"], 0, 0])
    address = re.sub(r"\([^)]*\)", lambda m: str(next(positional)), address)
    return "/" + address.replace("^", "").replace("$", ""), model_admin


def _admin_expected(name: str, model_admin: Any, request: Any, method: str, role: str, world: World) -> tuple[int, ...]:
    user = world.users.get(role)
    action = name.rsplit("_", 1)[-1]
    if name == "admin:login":
        return (302,)  # to the site's sign-in (with its second factor), or to the index once signed in
    if user is None or not user.is_staff:
        return (302,)  # to the admin's sign-in page
    if name == "admin:logout":
        return (405,) if method == "GET" else (200, 302)
    if name.endswith("_simple_history"):
        return (404,)  # the object's version 0: none
    if model_admin is None or action not in ("changelist", "add", "change", "delete", "history"):
        return (200, 302, 403, 404) if method == "GET" else (200, 302, 400, 403, 404, 405)
    request.user = user
    allowed = {
        "changelist": model_admin.has_view_or_change_permission(request),
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_view_or_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
        "history": model_admin.has_view_or_change_permission(request),
    }[action]
    if not allowed:
        return (403,)
    return (200, 302) if method == "GET" else (200, 302, 400, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ADMIN_ROWS, ids=[f"{n} {r}" for n, r in ADMIN_ROWS])
def test_admin(world, rf, name, route):
    address, model_admin = _admin_address(name, route, world)
    problems = []
    for role in ROLES:
        client = _client(role, world)
        with transaction.atomic():
            for method in ("GET", "POST"):
                allowed = _admin_expected(name, model_admin, rf.get(address), method, role, world)
                response = client.generic(method, address)
                if response.status_code not in allowed:
                    problems.append(f"{role:11} {method:4} {address}: {response.status_code}, expected {allowed}")
            transaction.set_rollback(True)
    assert not problems, "\n" + "\n".join(problems)


# --- Every address has a row --------------------------------------------------------------------


def test_every_address_is_in_the_matrix():
    """A new URL pattern fails here until the matrix says who may open it."""
    covered = {row.name for row in PAGES + API} | {name for name, _route in ADMIN_ROWS}
    missing = sorted({name for route, name, _cb in _walk(get_resolver().url_patterns)} - covered)
    assert not missing, f"Add these URL names to the permission matrix: {missing}"
    stale = sorted(covered - {name for _route, name, _cb in _walk(get_resolver().url_patterns)})
    assert not stale, f"These rows name no URL pattern any more: {stale}"
    # The API answers at one address per resource: no `.json` twins (they answered 500).
    suffixed = [route for route, _name, _cb in _walk(get_resolver().url_patterns) if "<format>" in route]
    assert not suffixed, suffixed
