"""People in the back office: the list and its export, adding, editing, history, ties to organisations,
and Law 25: a person's information exported (JSON, PDF) and their anonymisation.

Every page that shows a person's information, and every export, writes one access-log entry."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts import policies as account_policies
from accord.accounts import services as account_services
from accord.accounts.models import User
from accord.accounts.views import backoffice_required
from accord.core.access_log import AccessAction, record_access
from accord.core.forms import apply_service_errors, form_page, show_conflict
from accord.core.listing import list_page
from accord.core.services import EditConflict
from accord.core.steps import create_once

from .. import documents, policies, powers, selectors, services
from ..filters import PersonFilterSet
from ..forms import AffiliationForm, AnonymiseForm, PersonForm, model_data
from ..models import Anonymisation, Person
from ..tables import PersonTable


@require_GET
@backoffice_required
def person_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        queryset=selectors.people_with_organisations(policies.manageable_people(request.user)),
        filterset_class=PersonFilterSet,
        table_class=PersonTable,
        title=_("People"),
        export_name="people",
        personal_data=True,
        extra={"create_url": reverse("registry_bo:person_create"), "import_url": reverse("registry_bo:import_new")},
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = create_once(
                request,
                form,
                lambda: services.create_person(
                    actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
                ),
                scope="registry.person",
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            person = result.obj
            if result.created:
                messages.success(request, _("%(name)s was added.") % {"name": person})
            return redirect("registry_bo:person_detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New person"), cancel_url=reverse("registry_bo:person_list"), status=status)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(policies.manageable_people(request.user).select_related("region"), pk=pk)


@require_GET
@backoffice_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    query = request.GET.get("organisation_q", "").strip()
    affiliations = list(person.affiliations.select_related("organisation").order_by("organisation__name"))
    for affiliation in affiliations:
        affiliation.removable = policies.can_edit_organisation(request.user, affiliation.organisation)  # type: ignore[attr-defined]
    record_access(request, AccessAction.VIEW, subject=person)
    can_edit = policies.can_edit_person(
        request.user, person, {a.organisation.region_id for a in affiliations if a.organisation.region_id}
    )
    context = {
        "person": person,
        "anonymisation": Anonymisation.objects.filter(person=person).select_related("by").first(),
        "can_edit": can_edit,
        "can_export": policies.can_export_person(request.user, person),
        "can_anonymise": policies.can_anonymise_person(request.user, person),
        "affiliations": affiliations,
        "organisation_query": query,
        "candidates": selectors.affiliation_candidates(request.user, query),
        "affiliation_form": AffiliationForm(),
        # Where the person's powers come from, and their account (invited, signed in, none).
        "powers": powers.for_person(person),
        "account": User.objects.filter(person=person).first(),
        "can_invite": can_edit and account_policies.can_invite_people(request.user),
    }
    return render(request, "registry/bo/person_detail.html", context)


@require_POST
@backoffice_required
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the person to Accord: an account tied to them, and an email to choose a password."""
    person = _person(request, pk)
    if not (account_policies.can_invite_people(request.user) and policies.can_edit_person(request.user, person)):
        raise PermissionDenied(_("You may not invite this person."))
    try:
        user = account_services.invite_person(person, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": user.email})
    return redirect("registry_bo:person_detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not policies.can_edit_person(request.user, person):
        # The privacy officer reads every record and changes none.
        raise PermissionDenied(_("You may not change this person."))
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_person(
                person,
                actor=request.user,
                data=model_data(form),
                reason=form.cleaned_data["reason"],
                revision=form.revision,
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect("registry_bo:person_detail", pk=person.pk)
    detail_url = reverse("registry_bo:person_detail", args=[person.pk])
    return form_page(request, form, title=_("Edit %(name)s") % {"name": person}, cancel_url=detail_url, status=status)


@require_GET
@backoffice_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    record_access(request, AccessAction.VIEW, subject=person)
    context = {
        "object": person,
        "entries": selectors.person_history(person),
        "back_url": reverse("registry_bo:person_detail", args=[person.pk]),
    }
    return render(request, "core/object_history.html", context)


@require_POST
@backoffice_required
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        organisation = get_object_or_404(
            policies.manageable_organisations(request.user), pk=form.cleaned_data["organisation"]
        )
        services.add_affiliation(
            person,
            organisation,
            actor=request.user,
            job_title=form.cleaned_data["job_title"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("%(person)s is now linked to %(org)s.") % {"person": person, "org": organisation})
    else:
        messages.error(request, _("Choose an organisation in the list."))
    return redirect("registry_bo:person_detail", pk=person.pk)


@require_POST
@backoffice_required
def affiliation_remove(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    person = _person(request, pk)
    affiliation = get_object_or_404(person.affiliations.select_related("organisation"), pk=affiliation_pk)
    services.remove_affiliation(affiliation, actor=request.user, reason=request.POST.get("reason", "")[:100])
    messages.success(request, _("The link with %(org)s was removed.") % {"org": affiliation.organisation})
    return redirect("registry_bo:person_detail", pk=person.pk)


@require_GET
@backoffice_required
def person_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything every app holds about the person, as JSON or PDF (Law 25: the right of access)."""
    person = _person(request, pk)
    if not policies.can_export_person(request.user, person):
        raise PermissionDenied(_("Only the privacy officer or the ministry may export a person's information."))
    data = selectors.person_personal_data(person)
    record_access(request, AccessAction.EXPORT, subject=person)
    if fmt == "pdf":
        response = HttpResponse(
            documents.person_data_pdf(person, data, request=request), content_type="application/pdf"
        )
    else:
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """The irreversible anonymisation, confirmed by a form; refused with the reasons while a legal hold applies."""
    person = _person(request, pk)
    if not policies.can_anonymise_person(request.user, person):
        raise PermissionDenied(_("Only the privacy officer or the ministry may anonymise a person."))
    if Anonymisation.objects.filter(person=person).exists():
        messages.info(request, _("This person is already anonymised."))
        return redirect("registry_bo:person_detail", pk=person.pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.anonymise_person(
                person,
                actor=request.user,
                basis=form.cleaned_data["basis"],
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The person's information was anonymised."))
            return redirect("registry_bo:person_detail", pk=person.pk)
    context = {"person": person, "form": form, "holds": selectors.legal_holds(person)}
    return render(request, "registry/bo/person_anonymise.html", context, status=400 if form.is_bound else 200)
