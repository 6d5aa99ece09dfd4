"""Forms of the program pages (envelopes, equity, periods, the fund guide, delegations).

They validate what is typed; the services save. Amounts and rates are read as the user
writes them in their language (4 000 000,00 in French, 4,000,000.00 in English).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accord.core.forms import NumberField, money_input, rate_input
from accord.registry.models import Creneau, OrganisationKind, Region

from .models import CostCategory, Envelope, FundGuide, ProgramPeriod
from .services import GUIDE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = _("Kept in the history of the change.")


def reason_input(label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("Reason for the change"), max_length=300, help_text=REASON_HELP)


# --- Envelopes -------------------------------------------------------------------------------


class EnvelopeForm(forms.Form):
    amount = money_input(_("Amount of the envelope"))
    equity_margin = rate_input(
        _("Equity margin (%)"),
        help_text=_("How far above its fair share a niche may go before the regional committee is warned."),
    )
    reason = reason_input()


class EquityForm(forms.Form):
    """One weight per active niche of the region: a niche's target is its weight over the sum of weights."""

    reason = reason_input()

    def __init__(self, *args: Any, creneaux: list[Creneau], weights: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creneaux = creneaux
        reason = self.fields.pop("reason")
        for creneau in creneaux:
            self.fields[f"weight_{creneau.pk}"] = NumberField(
                label=creneau.name,
                max_digits=6,
                decimal_places=2,
                min_value=0,
                initial=weights.get(creneau.pk, 1),
                error_messages={"min_value": _("A weight cannot be negative.")},
            )
        self.fields["reason"] = reason

    def weights(self) -> dict[int, Any]:
        return {creneau.pk: self.cleaned_data[f"weight_{creneau.pk}"] for creneau in self.creneaux}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"weight_{creneau.pk}") for creneau in self.creneaux]
        if values and all(value is not None for value in values) and not any(values):
            raise forms.ValidationError(_("At least one niche needs a weight above zero."))
        return data


# --- Periods ---------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=20, help_text=_("Letters, digits and hyphens, for example 2029-2034.")
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("A period ends after it starts."))
        return data


# --- The fund guide --------------------------------------------------------------------------


class GuideForm(forms.Form):
    """A new version of the guide, filled in from the one in force."""

    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)
    eligible_carrier_kinds = forms.MultipleChoiceField(
        label=_("Organisations that may carry a project"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation.")},
    )
    eligible_cost_categories = forms.MultipleChoiceField(
        label=_("Eligible costs"),
        choices=CostCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one category of costs.")},
    )
    max_rate_enterprise = rate_input(_("Maximum aid rate for an enterprise (%)"))
    max_rate_organisation = rate_input(_("Maximum aid rate for another organisation (%)"))
    public_cap_enterprise = rate_input(_("Cumulative public aid cap for an enterprise (%)"))
    public_cap_organisation = rate_input(_("Cumulative public aid cap for another organisation (%)"))
    min_amount = money_input(_("Minimum aid"))
    max_amount = money_input(_("Maximum aid"))
    second_signature_above = money_input(
        _("Second ministry signature above"),
        help_text=_("A grant above this amount takes the signatures of two ministry officers."),
    )
    required_documents = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One document per line, as the carrier will title it."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, latest: FundGuide | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest

    def clean_required_documents(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data.get("required_documents", "").splitlines())
        titles: list[str] = []
        for line in lines:
            if line and line not in titles:
                titles.append(line)
        return titles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("The maximum aid cannot be below the minimum."))
        latest = self.latest
        if latest is not None and data.get("in_force_from") and data["in_force_from"] < latest.in_force_from:
            self.add_error(
                "in_force_from",
                _("A new version comes into force on or after the version before it (%(date)s).")
                % {"date": formats.date_format(latest.in_force_from, "DATE_FORMAT")},
            )
        return data


def guide_initial(guide: FundGuide | None) -> dict[str, Any]:
    """The form's starting values: the given version's rules, or the model's defaults."""
    source = guide or FundGuide()
    initial = {name: getattr(source, name) for name in GUIDE_FIELDS if name != "in_force_from"}
    initial["required_documents"] = "\n".join(source.required_documents or [])
    return initial


# --- Delegations -----------------------------------------------------------------------------


class DelegationForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    period = forms.ModelChoiceField(label=_("Period"), queryset=ProgramPeriod.objects.none())
    up_to = money_input(
        _("Up to"), help_text=_("The regional committee grants the projects whose aid is at most this amount.")
    )
    reason = reason_input(_("Reason"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["period"].queryset = ProgramPeriod.objects.order_by("-starts_on")  # type: ignore[attr-defined]

    def clean_up_to(self) -> Any:
        value = self.cleaned_data["up_to"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter a positive amount."))
        return value


class RevokeForm(forms.Form):
    reason = reason_input(_("Why the delegation is revoked"))


def creneaux_of(envelope: Envelope) -> QuerySet[Creneau]:
    """The active niches of the envelope's region, the ones its equity shares it between."""
    return envelope.region.creneaux.active().order_by("name_fr")  # type: ignore[attr-defined,no-any-return]
