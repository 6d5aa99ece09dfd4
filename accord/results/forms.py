"""Every form of the results. They validate input; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.forms import NumberField
from accord.planning.models import Plan
from accord.registry.models import Creneau

from . import selectors, services
from .models import Indicator


def reason_input() -> forms.CharField:
    return forms.CharField(label=_("Reason for the change"), max_length=100, required=False)


def figure_input(label: Any, **kwargs: Any) -> forms.DecimalField:
    """A figure of an indicator (a count, dollars, a percentage, a ratio), in the user's language."""
    return NumberField(
        label=label,
        max_digits=16,
        decimal_places=2,
        error_messages={"invalid": _("Enter a number, for example 1 250,5.")},
        **kwargs,
    )


class IndicatorForm(forms.ModelForm):
    baseline = figure_input(_("Baseline"), required=False)
    reason = reason_input()

    class Meta:
        model = Indicator
        fields = list(services.INDICATOR_FIELDS)
        help_texts = {"code": _("Short identifier: letters, digits and hyphens (e.g. jobs-created).")}


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    value = figure_input(
        _("Target"),
        required=False,
        help_text=_("For a cumulative indicator, the running total expected by the end of the year. Empty: no target."),
    )
    reason = reason_input()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            Q(plan__isnull=True) | Q(plan=plan), active=True
        )
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year, str(year)) for year in range(plan.first_year, plan.last_year + 1)
        ]


class ReportForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = figure_input(_("Value"))
    comment = forms.CharField(
        label=pgettext_lazy("noun", "Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, creneau: Creneau, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = selectors.creneau_indicators(creneau).filter(  # type: ignore[attr-defined]
            active=True
        )


class EditValueForm(forms.Form):
    value = figure_input(_("Value"))
    comment = forms.CharField(
        label=pgettext_lazy("noun", "Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = reason_input()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the value returned?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The niche's coordinator reads it, corrects the value and submits it again."),
    )


class BilanForm(forms.ModelForm):
    """The narrative of a bilan: French first, English optional (the French shows where it is empty)."""

    reason = reason_input()

    class Meta:
        from .models import Bilan  # noqa: PLC0415  beside the other forms' models

        model = Bilan
        fields = ["highlights_fr", "highlights_en", "challenges_fr", "challenges_en", "outlook_fr", "outlook_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
