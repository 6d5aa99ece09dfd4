"""Envelopes: the list of a period with their balances, an envelope's page (balance, equity between
the niches, ledger, history), and the ministry's changes to its amount and to the niches' weights."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from accord.core.exports import export_response
from accord.core.forms import apply_service_errors, form_page
from accord.core.history import history_entries
from accord.core.listing import list_page
from accord.registry.models import Creneau

from .. import ledger, policies, selectors, services
from ..filters import EnvelopeFilterSet
from ..forms import EnvelopeForm, EquityForm
from ..models import Envelope, EquityWeight
from ..tables import EnvelopeTable, LedgerTable
from . import GET_OR_POST, program_required, require_manager

#: Movements of the ledger on a page of the envelope (the export has them all).
LEDGER_PAGE = 50


def _envelope(request: HttpRequest, pk: int) -> Envelope:
    return get_object_or_404(policies.visible_envelopes(request.user).select_related("region", "period"), pk=pk)  # type: ignore[no-any-return]


@require_GET
@program_required
def envelope_list(request: HttpRequest) -> HttpResponse:
    """The envelopes of a period with their balances (the whole list exports to CSV or Excel)."""
    return list_page(
        request,
        queryset=policies.visible_envelopes(request.user).select_related("region", "period"),
        filterset_class=partial(EnvelopeFilterSet, default_period=True),
        table_class=EnvelopeTable,
        prepare_rows=selectors.attach_balances,
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

    ?_export=csv|xlsx gives the whole ledger (every entry, not only the page's).
    """
    envelope = _envelope(request, pk)
    entries = envelope.entries.select_related("project", "recorded_by").order_by("-recorded_at", "-pk")  # type: ignore[attr-defined]
    table = LedgerTable(entries)
    exported = export_response(request, table, f"ledger-{envelope.region.code}-{envelope.period.code}")
    if exported is not None:
        return exported
    RequestConfig(request, paginate={"per_page": LEDGER_PAGE}).configure(table)
    shares = selectors.equity(envelope)
    history = history_entries(
        Envelope.history.filter(id=envelope.pk).select_related("history_user"),  # type: ignore[attr-defined]
        EquityWeight.history.filter(envelope_id=envelope.pk).select_related("history_user"),  # type: ignore[attr-defined]
        subject_of=_history_subject,
    )
    context = {
        "envelope": envelope,
        "balance": selectors.balance(envelope),
        "shares": shares,
        "over_target": ledger.over_target(shares),
        "ledger": table,
        "history": history,
        "can_manage": policies.can_manage_program(request.user),
    }
    return render(request, "funding/program/envelope_detail.html", context)


@GET_OR_POST
@program_required
def envelope_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The ministry changes an envelope's amount or its equity margin, with the reason."""
    envelope = _envelope(request, pk)
    require_manager(request)
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
    require_manager(request)
    creneaux = list(selectors.envelope_niches(envelope))
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
