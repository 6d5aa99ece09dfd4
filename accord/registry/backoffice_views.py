"""Back-office pages of the registry: lists, forms, history and imports.

Views are thin: they start from the user's scoped queryset (out of scope is a 404),
ask the policy for the action (403), and hand the cleaned input to a service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.decorators import backoffice_required
from accord.core.forms import apply_service_errors, form_page
from accord.core.history import history_entries
from accord.core.listing import list_page

from . import imports, policies, selectors, services
from .filters import CreneauFilterSet, OrganisationFilterSet, PersonFilterSet, RegionFilterSet
from .forms import (
    AffiliationForm,
    CreneauForm,
    EndResourceStatusForm,
    ImportUploadForm,
    OrganisationForm,
    PersonForm,
    RegionForm,
    ResourceStatusForm,
    model_data,
)
from .models import (
    Affiliation,
    Creneau,
    CreneauRegion,
    ImportBatch,
    ImportStatus,
    Membership,
    Organisation,
    Person,
    Region,
    ResourceRegionStatus,
)
from .tables import CreneauTable, OrganisationTable, PersonTable, RegionTable


def _history_page(request: HttpRequest, *, obj: Any, entries: list[Any], back_url: str) -> HttpResponse:
    return render(request, "core/object_history.html", {"object": obj, "entries": entries, "back_url": back_url})


def _records(model: Any, **filters: Any) -> QuerySet[Any]:
    return model.history.filter(**filters).select_related("history_user")  # type: ignore[no-any-return]


# --- Dashboard -----------------------------------------------------------------------------


@require_GET
@backoffice_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the user manages, at a glance, with the latest imports."""
    user = request.user
    context = {
        "organisation_count": policies.manageable_organisations(user).count(),
        "person_count": policies.manageable_people(user).count(),
        "creneau_count": policies.manageable_creneaux(user).active().count(),  # type: ignore[attr-defined]
        "regions": policies.manageable_regions(user),
        "imports": ImportBatch.objects.filter(uploaded_by_id=user.pk).defer("content")[:5],
    }
    return render(request, "registry/bo/dashboard.html", context)


# --- Organisations -------------------------------------------------------------------------


@require_GET
@backoffice_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        policies.manageable_organisations(request.user)
        .only(*OrganisationTable.SELECTED_FIELDS)
        .prefetch_related(selectors.REGION)
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=OrganisationFilterSet,
        table_class=OrganisationTable,
        prepare_rows=selectors.attach_creneaux,
        title=_("Organisations"),
        export_name="organisations",
        extra={
            "create_url": reverse("registry_bo:organisation_create"),
            "import_url": reverse("registry_bo:import_new"),
        },
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                actor=request.user,
                data=model_data(form),
                creneaux=form.cleaned_data["creneaux"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation “%(name)s” was added.") % {"name": organisation})
            return redirect("registry_bo:organisation_detail", pk=organisation.pk)
    status = 400 if form.is_bound else 200
    return form_page(
        request, form, title=_("New organisation"), cancel_url=reverse("registry_bo:organisation_list"), status=status
    )


def _manageable_organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(policies.manageable_organisations(request.user).select_related("region"), pk=pk)


@require_GET
@backoffice_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _manageable_organisation(request, pk)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("creneau").order_by("creneau__name_fr"),
        "affiliations": organisation.affiliations.select_related("person").order_by("person__last_name"),
    }
    return render(request, "registry/bo/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _manageable_organisation(request, pk)
    if not policies.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_organisation(
                organisation,
                actor=request.user,
                data=model_data(form),
                creneaux=form.cleaned_data["creneaux"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Your changes were saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("registry_bo:organisation_detail", pk=organisation.pk)
    status = 400 if form.is_bound else 200
    detail_url = reverse("registry_bo:organisation_detail", args=[organisation.pk])
    return form_page(
        request, form, title=_("Edit %(name)s") % {"name": organisation}, cancel_url=detail_url, status=status
    )


@require_GET
@backoffice_required
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _manageable_organisation(request, pk)
    entries = history_entries(
        _records(Organisation, id=organisation.pk),
        _records(Membership, organisation_id=organisation.pk),
        _records(Affiliation, organisation_id=organisation.pk),
        subject_of=_link_subject,
    )
    back = reverse("registry_bo:organisation_detail", args=[organisation.pk])
    return _history_page(request, obj=organisation, entries=entries, back_url=back)


def _link_subject(record: Any, names: dict[Any, str]) -> str:
    """“Membership: Créneau X” for records of link rows; empty for the record itself."""
    model = record.instance_type
    if model is Membership:
        return _("Membership: %(creneau)s") % {"creneau": names.get((Creneau, record.creneau_id), "")}
    if model is Affiliation:
        return _("Affiliation: %(person)s – %(organisation)s") % {
            "person": names.get((Person, record.person_id), ""),
            "organisation": names.get((Organisation, record.organisation_id), ""),
        }
    if model is CreneauRegion:
        return _("Region: %(region)s") % {"region": names.get((Region, record.region_id), "")}
    if model is ResourceRegionStatus:
        return _("Resource-region status")
    return ""


# --- People --------------------------------------------------------------------------------


@require_GET
@backoffice_required
def person_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        policies.manageable_people(request.user)
        .prefetch_related(selectors.REGION)
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation").only(
                    "pk", "person_id", "organisation__id", "organisation__name"
                ),
                to_attr="affiliation_list",
            )
        )
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=PersonFilterSet,
        table_class=PersonTable,
        title=_("People"),
        export_name="people",
        extra={"create_url": reverse("registry_bo:person_create"), "import_url": reverse("registry_bo:import_new")},
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person})
            return redirect("registry_bo:person_detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New person"), cancel_url=reverse("registry_bo:person_list"), status=status)


def _manageable_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(policies.manageable_people(request.user).select_related("region"), pk=pk)


@require_GET
@backoffice_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _manageable_person(request, pk)
    query = request.GET.get("organisation_q", "").strip()
    candidates = []
    if query:
        candidates = list(
            policies.manageable_organisations(request.user)
            .search(query)
            .prefetch_related(selectors.REGION)
            .order_by("name")[:15]
        )
    context = {
        "person": person,
        "affiliations": person.affiliations.select_related("organisation").order_by("organisation__name"),
        "organisation_query": query,
        "candidates": candidates,
        "affiliation_form": AffiliationForm(),
    }
    return render(request, "registry/bo/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _manageable_person(request, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_person(
                person, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect("registry_bo:person_detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    detail_url = reverse("registry_bo:person_detail", args=[person.pk])
    return form_page(request, form, title=_("Edit %(name)s") % {"name": person}, cancel_url=detail_url, status=status)


@require_GET
@backoffice_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _manageable_person(request, pk)
    entries = history_entries(
        _records(Person, id=person.pk), _records(Affiliation, person_id=person.pk), subject_of=_link_subject
    )
    return _history_page(request, obj=person, entries=entries, back_url=reverse("registry_bo:person_detail", args=[pk]))


@require_POST
@backoffice_required
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _manageable_person(request, pk)
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
    person = _manageable_person(request, pk)
    affiliation = get_object_or_404(person.affiliations.select_related("organisation"), pk=affiliation_pk)
    services.remove_affiliation(affiliation, actor=request.user, reason=request.POST.get("reason", "")[:100])
    messages.success(request, _("The link with %(org)s was removed.") % {"org": affiliation.organisation})
    return redirect("registry_bo:person_detail", pk=person.pk)


# --- Créneaux ------------------------------------------------------------------------------


@require_GET
@backoffice_required
def creneau_list(request: HttpRequest) -> HttpResponse:
    queryset = policies.manageable_creneaux(request.user).prefetch_related(
        Prefetch("regions", queryset=Region.objects.only("pk", "code"), to_attr="region_list")
    )
    extra = {}
    if policies.can_create_creneau(request.user):
        extra["create_url"] = reverse("registry_bo:creneau_create")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=CreneauFilterSet,
        table_class=CreneauTable,
        title=_("Niches"),
        export_name="creneaux",
        extra=extra,
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def creneau_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_creneau(request.user):
        raise PermissionDenied(_("Only ministry staff may add a niche."))
    form = CreneauForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            creneau = services.create_creneau(
                actor=request.user,
                data=model_data(form),
                regions=form.cleaned_data["regions"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The niche “%(name)s” was added.") % {"name": creneau})
            return redirect(creneau.get_absolute_url())
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New niche"), cancel_url=reverse("registry_bo:creneau_list"), status=status)


@require_http_methods(["GET", "POST"])
@backoffice_required
def creneau_edit(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(policies.manageable_creneaux(request.user), pk=pk)
    if not policies.can_edit_creneau(request.user, creneau):
        raise PermissionDenied
    form = CreneauForm(request.POST or None, instance=creneau, user=request.user)
    if request.method == "POST" and form.is_valid():
        regions = form.cleaned_data["regions"] if not form.fields["regions"].disabled else None
        try:
            changed = services.update_creneau(
                creneau, actor=request.user, data=model_data(form), regions=regions, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect(creneau.get_absolute_url())
    status = 400 if form.is_bound else 200
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": creneau},
        cancel_url=creneau.get_absolute_url(),
        status=status,
    )


@require_GET
@backoffice_required
def creneau_history(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(policies.manageable_creneaux(request.user), pk=pk)
    entries = history_entries(
        _records(Creneau, id=creneau.pk),
        _records(CreneauRegion, creneau_id=creneau.pk),
        _records(Membership, creneau_id=creneau.pk),
        subject_of=_creneau_subject,
    )
    return _history_page(request, obj=creneau, entries=entries, back_url=creneau.get_absolute_url())


def _creneau_subject(record: Any, names: dict[Any, str]) -> str:
    if record.instance_type is Membership:
        return _("Member: %(organisation)s") % {"organisation": names.get((Organisation, record.organisation_id), "")}
    return _link_subject(record, names)


# --- Regions -------------------------------------------------------------------------------


@require_GET
@backoffice_required
def region_list(request: HttpRequest) -> HttpResponse:
    regions = (
        policies.manageable_regions(request.user)
        .with_resource_status()
        .annotate(creneau_count=Count("creneaux", filter=Q(creneaux__ended_on__isnull=True)))
    )
    return list_page(
        request,
        queryset=regions,
        filterset_class=RegionFilterSet,
        table_class=RegionTable,
        title=_("Regions"),
        export_name="regions",
    )


def _region(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(policies.manageable_regions(request.user).with_resource_status(), code=code)  # type: ignore[attr-defined]


@require_GET
@backoffice_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    context = {
        "region": region,
        "statuses": region.resource_statuses.order_by("-valid_from"),  # type: ignore[attr-defined]
        "can_edit": policies.can_edit_region(request.user, region),
        "status_form": ResourceStatusForm(),
        "end_form": EndResourceStatusForm(),
    }
    return render(request, "registry/bo/region_detail.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_required
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    if not policies.can_edit_region(request.user, region):
        raise PermissionDenied(_("Only ministry staff may change a region."))
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        services.update_region(region, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"])
        messages.success(request, _("Your changes were saved."))
        return redirect("registry_bo:region_detail", code=region.code)
    back = reverse("registry_bo:region_detail", args=[region.code])
    return form_page(request, form, title=str(region), cancel_url=back, status=400 if form.is_bound else 200)


@require_POST
@backoffice_required
def resource_status_add(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    if not policies.can_edit_region(request.user, region):
        raise PermissionDenied(_("Only ministry staff may change a region's status."))
    form = ResourceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.add_resource_status(
                region,
                actor=request.user,
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
                source=form.cleaned_data["source"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The resource-region period was added."))
            return redirect("registry_bo:region_detail", code=region.code)
    context = {
        "region": region,
        "statuses": region.resource_statuses.order_by("-valid_from"),  # type: ignore[attr-defined]
        "can_edit": True,
        "status_form": form,
        "end_form": EndResourceStatusForm(),
    }
    return render(request, "registry/bo/region_detail.html", context, status=400)


@require_POST
@backoffice_required
def resource_status_end(request: HttpRequest, code: str, status_pk: int) -> HttpResponse:
    region = _region(request, code)
    status = get_object_or_404(region.resource_statuses.all(), pk=status_pk)  # type: ignore[attr-defined]
    if not policies.can_edit_region(request.user, region):
        raise PermissionDenied(_("Only ministry staff may change a region's status."))
    form = EndResourceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.end_resource_status(
                status, actor=request.user, valid_to=form.cleaned_data["valid_to"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The resource-region period was closed."))
    else:
        messages.error(request, _("Give the last day of the period."))
    return redirect("registry_bo:region_detail", code=region.code)


@require_GET
@backoffice_required
def region_history(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    entries = history_entries(
        _records(Region, id=region.pk),
        _records(ResourceRegionStatus, region_id=region.pk),
        subject_of=_link_subject,
    )
    back = reverse("registry_bo:region_detail", args=[region.code])
    return _history_page(request, obj=region, entries=entries, back_url=back)


# --- Imports -------------------------------------------------------------------------------


@require_GET
@backoffice_required
def import_list(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.filter(uploaded_by_id=request.user.pk).defer("content")[:50]
    return render(request, "registry/bo/import_list.html", {"batches": batches})


@require_http_methods(["GET", "POST"])
@backoffice_required
def import_new(request: HttpRequest) -> HttpResponse:
    if not policies.can_import(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch, _results = imports.start_import(
                actor=request.user, kind=form.cleaned_data["kind"], file_name=uploaded.name, content=uploaded.read()
            )
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry_bo:import_detail", pk=batch.pk)
    return render(
        request,
        "registry/bo/import_new.html",
        {
            "form": form,
            "organisation_columns": imports.ORGANISATION_COLUMNS,
            "person_columns": imports.PERSON_COLUMNS,
        },
        status=400 if form.is_bound else 200,
    )


def _own_batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.filter(uploaded_by_id=request.user.pk), pk=pk)


@require_GET
@backoffice_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    results = None
    if batch.status == ImportStatus.PREVIEWED:
        try:
            results = imports.preview_import(batch, actor=request.user)
        except imports.ImportFileError as exc:
            messages.error(request, str(exc))
    return render(request, "registry/bo/import_detail.html", {"batch": batch, "results": results})


@require_POST
@backoffice_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _own_batch(request, pk)
    try:
        saved, results = imports.confirm_import(batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry_bo:import_detail", pk=batch.pk)
    batch.refresh_from_db()
    if saved:
        messages.success(
            request,
            _("Import finished. Created: %(created)s; updated: %(updated)s.")
            % {"created": batch.created_count, "updated": batch.updated_count},
        )
        return redirect("registry_bo:import_detail", pk=batch.pk)
    messages.error(request, _("Nothing was saved: some rows are not valid any more."))
    return render(request, "registry/bo/import_detail.html", {"batch": batch, "results": results}, status=400)
