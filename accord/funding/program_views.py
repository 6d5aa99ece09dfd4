"""The program's pages: the fund's dashboard, envelopes and their equity, periods, the guide, delegations.

Thin views: what the user may see first (policies.visible_envelopes / visible_projects;
out of scope is a 404), then whether they may change it (policies.can_manage_program;
403), then a service. The ministry writes; a regional office and the members of a
regional committee read their region's figures; a carrier has no business here (403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.exports import export_file, wants_export
from accord.core.forms import apply_service_errors, form_page
from accord.core.history import history_entries
from accord.core.listing import list_page
from accord.core.money import format_money
from accord.registry.models import Creneau, OrganisationKind, Region

from . import ledger, policies, selectors, services, workflow
from .filters import EnvelopeFilterSet
from .guide import CENT
from .models import (
    DEFAULT_ENVELOPE,
    RESOURCE_REGION_ENVELOPE,
    CostCategory,
    Envelope,
    EquityWeight,
    FundGuide,
)
from .program_forms import (
    DelegationForm,
    EnvelopeForm,
    EquityForm,
    GuideForm,
    PeriodForm,
    RevokeForm,
    creneaux_of,
    guide_initial,
)
from .tables import DelegationTable, GuideTable, LedgerTable, PeriodTable

GET_OR_POST = require_http_methods(["GET", "POST"])


def program_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous visitors sign in; signed-in users who see no envelope get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_view_program(request.user):
            raise PermissionDenied(
                _("The program's pages are for the ministry, the regional offices and the regional committees.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def _require_manager(request: HttpRequest) -> None:
    if not policies.can_manage_program(request.user):
        raise PermissionDenied(_("Only the ministry changes the program's settings."))


def _envelope(request: HttpRequest, pk: int) -> Envelope:
    return get_object_or_404(policies.visible_envelopes(request.user).select_related("region", "period"), pk=pk)  # type: ignore[no-any-return]


def _text(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


# --- The dashboard ---------------------------------------------------------------------------


@require_GET
@program_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The fund at a glance for a period, within what the user may see.

    Charts: bars drawn on the server as inline SVG, inside the very table that gives
    their figures. No JavaScript is needed; each table has a caption and header cells, so
    screen readers and text browsers read the numbers, and the bars are hidden from them
    (aria-hidden) rather than described twice. Every bar is labelled by the text of its
    row, never by its colour alone; the colours (#095797 and #223654 on white, the pale
    #dae6f0 outlined in #223654) keep at least 3:1 against what they touch. The figures
    come from a fixed number of queries whatever the number of regions or projects
    (see selectors.regional_dashboard). They are those of the regions whose envelopes the
    user sees: the dashboard is the program's view by region.
    """
    choices = selectors.periods()
    period = selectors.pick_period(choices, request.GET.get("period"))
    context: dict[str, Any] = {"periods": choices, "period": period, "data": None}
    if period is not None:
        # The figures of the regions whose envelopes the user sees (selectors.regional_dashboard).
        region_ids = sorted(
            policies.visible_envelopes(request.user).filter(period=period).values_list("region_id", flat=True)
        )
        context["data"] = selectors.regional_dashboard(period, region_ids)
    context["can_manage"] = policies.can_manage_program(request.user)
    return render(request, "funding/dashboard.html", context)


# --- Envelopes -------------------------------------------------------------------------------


class FigureColumn(tables.Column):
    """A figure of the envelope's balance (attached to each row by the view): money on the page, a number in exports."""

    def __init__(self, figure: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self.figure = figure

    def amount(self, record: Any) -> Any:
        return getattr(record.balance, self.figure)

    def render(self, record: Any) -> str:  # type: ignore[override]
        return format_money(self.amount(record))

    def value(self, record: Any) -> Any:  # type: ignore[override]
        return self.amount(record).quantize(CENT)


class EnvelopeTable(tables.Table):
    region = tables.Column(
        verbose_name=gettext_lazy("Region"),
        accessor="region",
        order_by=("region__code",),
        linkify=lambda record: record.get_absolute_url(),
    )
    period = tables.Column(verbose_name=gettext_lazy("Period"), accessor="period", order_by=("period__starts_on",))
    amount = tables.Column(verbose_name=gettext_lazy("Envelope"))
    committed = FigureColumn("committed", verbose_name=gettext_lazy("Committed"))
    disbursed = FigureColumn("disbursed", verbose_name=gettext_lazy("Disbursed"))
    available = FigureColumn("available", verbose_name=gettext_lazy("Available"))
    pipeline = FigureColumn("pipeline", verbose_name=gettext_lazy("In the pipeline"))
    forecast = FigureColumn("forecast", verbose_name=gettext_lazy("Forecast"))

    class Meta:
        model = Envelope
        fields = ("region", "period", "amount", "committed", "disbursed", "available", "pipeline", "forecast")
        order_by = ("region",)
        attrs = {"class": "data-table"}

    def render_amount(self, value: Any) -> str:
        return format_money(value)

    def value_amount(self, value: Any) -> Any:
        return value.quantize(CENT)

    def value_region(self, record: Envelope) -> str:
        return str(record.region)

    def value_period(self, record: Envelope) -> str:
        return str(record.period)


def _attach_balances(envelopes: list[Envelope]) -> None:
    balances = ledger.balances(envelopes)
    for envelope in envelopes:
        envelope.balance = balances[envelope.pk]  # type: ignore[attr-defined]


@require_GET
@program_required
def envelope_list(request: HttpRequest) -> HttpResponse:
    """The envelopes of a period with their balances (the whole list exports to CSV or Excel)."""
    return list_page(
        request,
        queryset=policies.visible_envelopes(request.user).select_related("region", "period"),
        filterset_class=partial(EnvelopeFilterSet, default_period=True),
        table_class=EnvelopeTable,
        prepare_rows=_attach_balances,
        title=_("Envelopes"),
        export_name="envelopes",
    )


def _history_subject(record: Any, names: dict[Any, str]) -> str:
    if record.instance_type is EquityWeight:
        return _("Equity weight: %(creneau)s") % {"creneau": names.get((Creneau, record.creneau_id), "")}
    return ""


@require_GET
@program_required
def envelope_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The envelope's balance, its ledger, how it is shared between the niches, and its history.

    ?_export=csv|xlsx gives the whole ledger (every entry, not only the page's 50).
    """
    envelope = _envelope(request, pk)
    entries = envelope.entries.select_related("project", "recorded_by").order_by("-recorded_at", "-pk")  # type: ignore[attr-defined]
    if wants_export(request):
        return export_file(request, LedgerTable(entries), f"ledger-{envelope.region.code}-{envelope.period.code}")
    shares = ledger.equity(envelope)
    history = history_entries(
        Envelope.history.filter(id=envelope.pk).select_related("history_user"),  # type: ignore[attr-defined]
        EquityWeight.history.filter(envelope_id=envelope.pk).select_related("history_user"),  # type: ignore[attr-defined]
        subject_of=_history_subject,
    )
    context = {
        "envelope": envelope,
        "balance": ledger.balance(envelope),
        "shares": shares,
        "over_target": [share for share in shares if share.over_target],
        "entries": Paginator(entries, 50).get_page(request.GET.get("page")),
        "history": history,
        "can_manage": policies.can_manage_program(request.user),
    }
    return render(request, "funding/program/envelope_detail.html", context)


@GET_OR_POST
@program_required
def envelope_edit(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = _envelope(request, pk)
    _require_manager(request)
    form = EnvelopeForm(
        request.POST or None, initial={"amount": envelope.amount, "equity_margin": envelope.equity_margin}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_envelope(
                envelope,
                actor=request.user,
                amount=data["amount"],
                equity_margin=data["equity_margin"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The envelope was changed."))
            return redirect(envelope.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("Change the envelope of %(region)s, %(period)s")
        % {"region": envelope.region, "period": envelope.period},
        cancel_url=envelope.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )


@GET_OR_POST
@program_required
def equity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The niches' weights in the sharing of the envelope (1 each: equal shares)."""
    envelope = _envelope(request, pk)
    _require_manager(request)
    creneaux = list(creneaux_of(envelope))
    weights = dict(EquityWeight.objects.filter(envelope=envelope).values_list("creneau_id", "weight"))
    form = EquityForm(request.POST or None, creneaux=creneaux, weights=weights)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_equity_weights(
                envelope, actor=request.user, weights=form.weights(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The niches' weights were changed."))
            return redirect(envelope.get_absolute_url())
    return render(
        request,
        "funding/program/equity_form.html",
        {"envelope": envelope, "form": form, "creneaux": creneaux},
        status=400 if form.is_bound else 200,
    )


# --- Periods ---------------------------------------------------------------------------------


@require_GET
@program_required
def period_list(request: HttpRequest) -> HttpResponse:
    """The periods with the envelopes the user sees (the list exports to CSV or Excel)."""
    periods = selectors.periods()
    totals = selectors.envelope_totals_by_period(policies.visible_envelopes(request.user))
    rows = [(period, totals.get(period.pk, {"count": 0, "amount": None})) for period in periods]
    if wants_export(request):
        table = PeriodTable([{"period": period, "count": t["count"], "amount": t["amount"]} for period, t in rows])
        return export_file(request, table, "periods")
    current = selectors.default_period(periods)
    context = {"rows": rows, "current": current, "can_manage": policies.can_manage_program(request.user)}
    return render(request, "funding/program/period_list.html", context)


@GET_OR_POST
@program_required
def period_create(request: HttpRequest) -> HttpResponse:
    """A new period: each region gets its envelope at the default amount."""
    _require_manager(request)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_period(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            count = period.envelopes.count()  # type: ignore[attr-defined]
            messages.success(
                request,
                _("The period %(name)s was created with %(count)s envelopes: here they are.")
                % {"name": period, "count": count},
            )
            return redirect(f"{reverse('funding:envelope_list')}?{urlencode({'period': period.code})}")
    context = {
        "form": form,
        "default_amount": DEFAULT_ENVELOPE,
        "resource_amount": RESOURCE_REGION_ENVELOPE,
        "regions": Region.objects.count(),
    }
    return render(request, "funding/program/period_form.html", context, status=400 if form.is_bound else 200)


# --- The fund guide --------------------------------------------------------------------------


@require_GET
@program_required
def guide_list(request: HttpRequest) -> HttpResponse:
    """The versions of the fund guide, the latest first (the list exports to CSV or Excel)."""
    guides = FundGuide.objects.select_related("adopted_by").order_by("-version")
    if wants_export(request):
        return export_file(request, GuideTable(guides), "fund-guide")
    context = {
        "guides": guides,
        "current": services.current_guide(),
        "can_manage": policies.can_manage_program(request.user),
    }
    return render(request, "funding/program/guide_list.html", context)


def _labels(values: list[str], choices: Any) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


@require_GET
@program_required
def guide_detail(request: HttpRequest, version: int) -> HttpResponse:
    """Every rule of a version, in plain words, and how many projects were checked against it."""
    guide = get_object_or_404(FundGuide.objects.select_related("adopted_by"), version=version)
    context = {
        "guide": guide,
        "current": services.current_guide(),
        "carrier_kinds": _labels(guide.eligible_carrier_kinds, OrganisationKind.choices),
        "cost_categories": _labels(guide.eligible_cost_categories, CostCategory.choices),
        "ineligible_categories": [
            str(label) for value, label in CostCategory.choices if value not in guide.eligible_cost_categories
        ],
        "projects": policies.visible_projects(request.user).filter(guide=guide).count(),
        "can_manage": policies.can_manage_program(request.user),
    }
    return render(request, "funding/program/guide_detail.html", context)


@GET_OR_POST
@program_required
def guide_create(request: HttpRequest) -> HttpResponse:
    """A new version of the guide, starting from the rules in force."""
    _require_manager(request)
    current = services.current_guide()
    latest = FundGuide.objects.order_by("-in_force_from", "-version").first()
    initial = guide_initial(current or latest)
    today = timezone.localdate()
    initial["in_force_from"] = max(today, latest.in_force_from) if latest is not None else today
    form = GuideForm(request.POST or None, initial=initial, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.publish_guide(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(version)s of the fund guide was published.") % {"version": guide.version}
            )
            return redirect("funding:guide_detail", version=guide.version)
    return form_page(
        request,
        form,
        title=_("New version of the fund guide"),
        cancel_url=reverse("funding:guide_list"),
        status=400 if form.is_bound else 200,
    )


# --- Delegations -----------------------------------------------------------------------------


@require_GET
@program_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """Active and revoked delegations, each with the projects it let a regional committee grant.

    ?_export=csv|xlsx gives both in one file, the active first, with a status column.
    """
    projects = policies.visible_projects(request.user).only("pk", "number", "title", "granted_amount", "delegation")
    delegations = list(
        policies.visible_delegations(request.user)
        .select_related("region", "period", "granted_by", "revoked_by")
        .prefetch_related(Prefetch("projects", queryset=projects.order_by("number"), to_attr="enabled"))
        .order_by("-created_at", "-pk")
    )
    active = [d for d in delegations if d.is_active]
    revoked = [d for d in delegations if not d.is_active]
    if wants_export(request):
        return export_file(request, DelegationTable(active + revoked), "delegations")
    context = {
        "active": active,
        "revoked": revoked,
        "can_manage": policies.can_manage_program(request.user),
        "revoke_form": RevokeForm(),
    }
    return render(request, "funding/program/delegation_list.html", context)


@GET_OR_POST
@program_required
def delegation_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation = services.delegate(
                actor=request.user,
                region=data["region"],
                period=data["period"],
                up_to=data["up_to"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The final approval is delegated to %(region)s up to %(amount)s.")
                % {"region": delegation.region, "amount": format_money(delegation.up_to)},
            )
            return redirect("funding:delegation_list")
    return form_page(
        request,
        form,
        title=_("Delegate the final approval to a regional committee"),
        cancel_url=reverse("funding:delegation_list"),
        status=400 if form.is_bound else 200,
    )


@require_POST
@program_required
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_object_or_404(policies.visible_delegations(request.user), pk=pk)
    _require_manager(request)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("The delegation was not revoked: %(error)s") % {"error": error})
        return redirect("funding:delegation_list")
    try:
        services.revoke_delegation(delegation, actor=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, workflow.InvalidTransition) as exc:
        messages.error(request, _text(exc))
    else:
        messages.success(request, _("The delegation to %(region)s was revoked.") % {"region": delegation.region})
    return redirect("funding:delegation_list")
