"""The agreement after the grant: its terms (conditions, payment schedule by milestone, holdback,
reporting dates), its PDF, claims capped by the schedule less the holdback, and the final
payment of the holdback when the ministry accepts the final report (decision 32)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accord.core.workflow import InvalidTransition
from accord.funding import documents, selectors, services, workflow
from accord.funding.models import (
    Agreement,
    AgreementInstalment,
    ClaimStatus,
    Disbursement,
    EntryKind,
    LedgerEntry,
    ProjectStatus,
)
from accord.funding.workflow import Instalment, ReportDue

from .conftest import (
    attachment,
    client_for,
    draft_terms,
    envelope_of,
    granted,
    queries,
    reported,
    text,
)

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = datetime.date(2026, 3, 1)


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"funding:{name}", args=args)


# --- The pure rules ---------------------------------------------------------------------------------


def test_the_holdback_is_a_share_of_the_aid_to_the_cent():
    assert workflow.holdback(D("40000"), D("10")) == D("4000.00")
    assert workflow.holdback(D("33333.33"), D("7.5")) == D("2500.00")
    assert workflow.holdback(D("40000"), D("0")) == D("0.00")


def test_the_schedule_pays_the_aid_granted_exactly_after_the_grant():
    lines = [Instalment("Signature", TODAY, D("30000")), Instalment("Bilan", TODAY, D("10000"))]
    reports = [ReportDue("Rapport final", TODAY)]
    assert workflow.terms_problems(D("40000"), TODAY, lines, reports) == []
    with translation.override("en"):
        short = workflow.terms_problems(D("45000"), TODAY, lines, reports)
        assert short == ["The instalments add up to $40,000.00: they must add up to the aid granted, $45,000.00."]
        early = workflow.terms_problems(D("40000"), TODAY + datetime.timedelta(days=1), lines, reports)
        assert len(early) == 3  # two instalments and the report fall before the grant
        assert early[0] == "“Signature” falls due before the aid was granted, on March 2, 2026: choose a later date."
        assert workflow.terms_problems(D("40000"), TODAY, [], []) == [
            "Add at least one instalment to the payment schedule.",
            "Add at least one reporting date: the final report's.",
        ]
    with translation.override("fr"):
        [problem] = workflow.terms_problems(D("45000"), TODAY, lines, reports)
        assert problem.startswith("Les versements totalisent 40")


def test_the_ceiling_is_what_fell_due_never_more_than_the_aid_less_the_holdback():
    lines = [
        Instalment("Signature", TODAY, D("20000")),
        Instalment("Mi-parcours", TODAY + datetime.timedelta(days=100), D("16000")),
        Instalment("Retenue", TODAY + datetime.timedelta(days=200), D("4000")),
    ]
    assert workflow.claim_ceiling(D("40000"), lines, D("4000"), TODAY - datetime.timedelta(days=1)) == 0
    assert workflow.claim_ceiling(D("40000"), lines, D("4000"), TODAY) == D("20000")
    assert workflow.claim_ceiling(D("40000"), lines, D("4000"), TODAY + datetime.timedelta(days=100)) == D("36000")
    # Everything fell due: still the aid less the holdback, paid on the final report's acceptance.
    assert workflow.claim_ceiling(D("40000"), lines, D("4000"), TODAY + datetime.timedelta(days=365)) == D("36000")


# --- The services ---------------------------------------------------------------------------------


def _terms(project, *, amounts=("20000", "20000"), days=(0, 0), rate="10"):
    granted_on = timezone.localdate(project.granted_at)
    return {
        "conditions": "Mentionner l'aide du ministère.",
        "holdback_rate": D(rate),
        "instalments": [
            Instalment(f"Jalon {n}", granted_on + datetime.timedelta(days=day), D(amount))
            for n, (amount, day) in enumerate(zip(amounts, days, strict=True), start=1)
        ],
        "reporting_dates": [ReportDue("Rapport final", granted_on + datetime.timedelta(days=400))],
    }


def test_only_the_ministry_drafts_the_terms_and_only_before_the_signature(world):
    project = granted(world)
    with pytest.raises(PermissionDenied):
        services.set_agreement_terms(project, actor=world.carrier_user, **_terms(project))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.set_agreement_terms(project, actor=world.ministry, **_terms(project, amounts=("20000", "10000")))
    assert not Agreement.objects.exists()
    with translation.override("en"):
        assert refused.value.messages == [
            "The instalments add up to $30,000.00: they must add up to the aid granted, $40,000.00."
        ]

    agreement = services.set_agreement_terms(project, actor=world.ministry, **_terms(project))
    assert (agreement.holdback_rate, agreement.holdback) == (D("10.0"), D("4000.00"))
    assert [line.milestone for line in agreement.instalments.all()] == ["Jalon 1", "Jalon 2"]
    assert project.events.filter(action="agreement_terms").count() == 1

    # Redrafted: the lines are replaced, their history keeps the earlier ones.
    services.set_agreement_terms(project, actor=world.ministry, **_terms(project, amounts=("40000",), days=(0,)))
    assert list(AgreementInstalment.objects.values_list("milestone", "amount")) == [("Jalon 1", D("40000.00"))]
    assert AgreementInstalment.history.filter(history_type="-").count() == 2
    assert Agreement.objects.count() == 1

    services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())
    with pytest.raises(InvalidTransition):
        services.set_agreement_terms(project, actor=world.ministry, **_terms(project))


def test_the_agreement_is_signed_only_once_its_terms_are_drafted(world):
    project = granted(world)
    with pytest.raises(ValidationError):
        services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())
    assert project.status == ProjectStatus.AGREEMENT_SIGNED


def test_claims_are_capped_by_the_instalments_due_less_the_holdback(world):
    project = granted(world)
    services.set_agreement_terms(
        project, actor=world.ministry, **_terms(project, amounts=("20000", "20000"), days=(0, 90))
    )
    services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())

    def claim(amount):
        return services.claim_disbursement(
            project, actor=world.carrier_user, amount=D(amount), claim="Facture", proof=attachment()
        )

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        claim("20000.01")
    [message] = refused.value.message_dict["amount"]
    assert message.startswith("At most $20,000.00 can be claimed today.")
    assert "The next instalment, “Jalon 2” ($20,000.00), may be claimed from" in message
    assert not Disbursement.objects.exists()
    claim("20000")

    # Ninety days on, the second instalment fell due: all of it but the holdback.
    later = timezone.localdate() + datetime.timedelta(days=90)
    limit = selectors.claim_limit(project, selectors.agreement_terms(project), later)
    assert (limit.released, limit.kept, limit.ceiling, limit.claimed, limit.left) == (
        D("40000"),
        D("4000.00"),
        D("36000.00"),
        D("20000.00"),
        D("16000.00"),
    )
    assert limit.next_instalment is None


def test_a_project_signed_before_terms_existed_claims_its_whole_aid(world):
    """Agreements recorded before this change have no terms: nothing caps their claims but the aid."""
    project = granted(world)
    limit = selectors.claim_limit(project, None)
    assert (limit.ceiling, limit.kept, limit.left) == (D("40000.00"), 0, D("40000.00"))


def test_accepting_the_report_pays_the_holdback_then_releases_the_rest(world):
    project = reported(world, holdback_rate="10", claimed="30000")
    services.close_project(project, actor=world.ministry)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    final = Disbursement.objects.get(status=ClaimStatus.PAID, claim_message__key="funding.final_payment")
    assert (final.amount, final.paid) == (D("4000.00"), D("4000.00"))
    with translation.override("en"):
        assert final.shown_claim == "Final payment: the holdback, on acceptance of the final report"
    with translation.override("fr"):
        assert final.shown_claim == "Paiement final : la retenue, à l'acceptation du rapport final"
    ledger = LedgerEntry.objects.filter(project=project)
    assert sorted(ledger.filter(kind=EntryKind.DISBURSEMENT).values_list("amount", flat=True)) == [
        D("4000.00"),
        D("30000.00"),
    ]
    assert ledger.get(kind=EntryKind.RELEASE).amount == D("6000.00")
    assert selectors.paid(project) == D("34000.00")
    envelope = envelope_of(world)
    envelope.figures.refresh_from_db()
    assert envelope.figures.disbursed == D("34000.00")


def test_another_final_payment_takes_a_reason_and_stays_within_the_aid_not_paid(world):
    project = reported(world, holdback_rate="10", claimed="30000")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.close_project(project, actor=world.ministry, final_payment_amount=D("1000"))
    assert "Say why the final payment is not the holdback due ($4,000.00)." in refused.value.messages
    with pytest.raises(ValidationError):
        services.close_project(project, actor=world.ministry, final_payment_amount=D("10000.01"), note="Erreur")
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORT
    assert not LedgerEntry.objects.filter(kind=EntryKind.RELEASE).exists()

    services.close_project(
        project, actor=world.ministry, final_payment_amount=D("1000"), note="Dépenses moindres que prévu"
    )
    final = Disbursement.objects.get(claim_message__key="funding.final_payment")
    assert (final.paid, final.note) == (D("1000.00"), "Dépenses moindres que prévu")
    assert LedgerEntry.objects.get(kind=EntryKind.RELEASE).amount == D("9000.00")


def test_no_holdback_no_final_payment(world):
    project = reported(world, holdback_rate="0", claimed="30000")
    services.close_project(project, actor=world.ministry)
    assert not Disbursement.objects.filter(claim_message__key="funding.final_payment").exists()
    assert LedgerEntry.objects.get(kind=EntryKind.RELEASE).amount == D("10000.00")


# --- The pages ----------------------------------------------------------------------------------------


def test_the_terms_page_proposes_a_schedule_that_adds_up(ministry, world):
    project = granted(world)
    page = text(ministry.get(url("project_terms", project.pk)))
    assert "A first draft is proposed" in page
    for milestone in ("Signature of the agreement", "Mid-term progress report", "Final report accepted (holdback)"):
        assert milestone in page
    # The proposal posted as is is recorded: it adds up to the aid granted.
    sheet = ministry.get(url("project_terms", project.pk)).context["sheet"]
    data = {"conditions": "", "holdback_rate": "10"}
    for formset in sheet.formsets:
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
                f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            }
        )
        for form in formset.forms:
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None:
                    data[form.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    response = ministry.post(url("project_terms", project.pk), data)
    assert response.status_code == 302, text(response)
    agreement = Agreement.objects.get(project=project)
    assert sum(line.amount for line in agreement.instalments.all()) == D("40000.00")
    assert agreement.holdback == D("4000.00")


def _posted_terms(project, *, amounts=("30000", "10000"), holdback="10"):
    granted_on = timezone.localdate(project.granted_at).isoformat()
    data = {
        "conditions": "Mentionner l'aide.",
        "holdback_rate": holdback,
        "instalments-TOTAL_FORMS": str(len(amounts)),
        "instalments-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "1",
        "reports-INITIAL_FORMS": "0",
        "reports-0-report": "Rapport final",
        "reports-0-due_on": "2099-01-01",
    }
    for n, amount in enumerate(amounts):
        data.update(
            {
                f"instalments-{n}-milestone": f"Jalon {n + 1}",
                f"instalments-{n}-due_on": granted_on,
                f"instalments-{n}-amount": amount,
            }
        )
    return data


def test_terms_that_do_not_add_up_are_refused_with_what_to_change(ministry, world):
    project = granted(world)
    response = ministry.post(url("project_terms", project.pk), _posted_terms(project, amounts=("30000", "5000")))
    assert response.status_code == 400
    assert "they must add up to the aid granted, $40,000.00" in text(response)
    assert not Agreement.objects.exists()
    # In French too.
    response = ministry.post(
        url("project_terms", project.pk, language="fr"), _posted_terms(project, amounts=("30000", "5000"))
    )
    assert "ils doivent totaliser l'aide accordée" in text(response)


def test_a_line_is_added_without_javascript_and_in_place(ministry, world):
    project = granted(world)
    data = {**_posted_terms(project), "add_line": "instalments"}
    response = ministry.post(url("project_terms", project.pk), data)
    assert response.status_code == 200
    assert len(response.context["sheet"].instalments.forms) == 3
    assert not Agreement.objects.exists()
    fragment = ministry.get(
        url("terms_line", project.pk, "instalments"), {"instalments-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    assert 'name="instalments-2-milestone"' in text(fragment)
    assert 'value="3"' in text(fragment)  # the table's new count
    assert ministry.get(url("terms_line", project.pk, "costs")).status_code == 404


def test_the_carrier_reads_the_terms_but_cannot_draft_them(carrier, ministry, world):
    project = granted(world)
    assert carrier.get(url("project_terms", project.pk)).status_code == 403
    assert carrier.post(url("project_terms", project.pk), _posted_terms(project)).status_code == 403
    assert carrier.get(url("agreement_pdf", project.pk)).status_code == 404  # nothing drafted yet
    assert ministry.post(url("project_terms", project.pk), _posted_terms(project)).status_code == 302
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "Payment schedule" in page and "Jalon 1" in page and "Holdback: 10 % of the aid ($4,000.00)" in page
    assert url("project_terms", project.pk) not in page
    response = carrier.get(url("agreement_pdf", project.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="agreement-{project.number.lower()}.pdf"' in response["Content-Disposition"]
    french = client_for(world.carrier_user).get(url("agreement_pdf", project.pk, language="fr"))
    assert f'filename="convention-{project.number.lower()}.pdf"' in french["Content-Disposition"]


def test_the_agreement_document_states_the_terms(world):
    project = granted(world)
    services.set_agreement_terms(project, actor=world.ministry, **_terms(project))
    agreement = selectors.agreement_terms(project)
    with translation.override("fr"):
        html = render_to_string(documents.AGREEMENT_TEMPLATE, documents.agreement_context(agreement))
    assert f"Convention d'aide financière {project.number}" in html
    assert "Projet : à signer par le ministère et le promoteur." in html
    assert "Jalon 1" in html and "Jalon 2" in html and "Rapport final" in html
    assert "Mentionner l&#x27;aide du ministère." in html
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2026, 11, 30))
    agreement = selectors.agreement_terms(project)
    with translation.override("en"):
        html = render_to_string(documents.AGREEMENT_TEMPLATE, documents.agreement_context(agreement))
    assert "Signed on November 30, 2026." in html and "Draft:" not in html


def test_the_project_page_reads_the_agreement_in_a_fixed_number_of_queries(carrier, world):
    project = granted(world)
    before = len(queries(carrier, url("project_detail", project.pk)))
    services.set_agreement_terms(
        project, actor=world.ministry, **_terms(project, amounts=("10000",) * 4, days=(0,) * 4)
    )
    after = len(queries(carrier, url("project_detail", project.pk)))
    assert after <= before + 2  # the schedule and the reporting dates, each in one query


def test_the_claim_page_says_how_much_can_be_claimed_today(carrier, world):
    project = granted(world)
    services.set_agreement_terms(
        project, actor=world.ministry, **_terms(project, amounts=("20000", "20000"), days=(0, 30))
    )
    services.sign_agreement(project, actor=world.ministry, signed_on=timezone.localdate())
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "Can be claimed today: $20,000.00." in page
    assert "Next instalment: “Jalon 2”, $20,000.00" in page
    response = carrier.post(
        url("project_claim", project.pk), {"amount": "25000", "claim": "Facture", "proof": attachment()}
    )
    assert response.status_code == 400
    assert "At most $20,000.00 can be claimed today." in text(response)


def test_closing_asks_for_confirmation_naming_the_final_payment(ministry, carrier, world):
    project = reported(world, holdback_rate="10", claimed="30000")
    assert carrier.post(url("project_close", project.pk)).status_code == 403
    page = text(ministry.get(url("project_close", project.pk)))
    assert "The holdback due is $4,000.00." in page
    page = text(ministry.post(url("project_close", project.pk), {"final_payment": "1000"}))
    assert "Say why the final payment is not the holdback due ($4,000.00)." in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORT
    page = text(ministry.post(url("project_close", project.pk), {"final_payment": "1000", "note": "Moins"}))
    assert "The final payment of $1,000.00 will be released" in page
    response = ministry.post(
        url("project_close", project.pk), {"final_payment": "1000", "note": "Moins", "confirmed": "1"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert selectors.paid(project) == D("31000.00")
