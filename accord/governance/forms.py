"""Forms of the committee pages. They validate input; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.registry.models import Creneau, Organisation, Region

from . import policies
from .models import (
    Bylaws,
    Committee,
    Constituency,
    Mandate,
    MandateRole,
    Resolution,
    ResolutionOutcome,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    class Meta:
        model = Committee
        fields = [
            "kind",
            "name_fr",
            "name_en",
            "code",
            "region",
            "creneau",
            "parent",
            "topic",
            "regions",
            "creneaux",
            "created_on",
        ]
        widgets = {
            "created_on": DATE,
            "regions": forms.CheckboxSelectMultiple,
            "creneaux": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].help_text = _("For a regional committee.")
        self.fields["creneau"].help_text = _("For a niche committee.")
        self.fields["parent"].help_text = _("For an executive or work committee: the committee it reports to.")
        self.fields["parent"].queryset = policies.visible_committees(user).order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["creneau"].queryset = Creneau.objects.active().order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["creneaux"].queryset = Creneau.objects.active().order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["regions"].queryset = Region.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["regions"].help_text = _("For an interregional committee.")
        if self.instance.pk:
            # The kind and the body a committee belongs to do not change once it exists.
            for name in ("kind", "region", "creneau"):
                self.fields[name].disabled = True


class PersonSearchForm(forms.Form):
    person_q = forms.CharField(label=_("Find a person"), max_length=100, required=False)


class MandateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MandateRole.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Last day of the term"), widget=DATE, required=False)
    voting = forms.TypedChoiceField(
        label=_("Voting right"),
        choices=[("", _("According to the role")), ("yes", _("Votes")), ("no", _("Does not vote"))],
        required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    organisation = forms.ModelChoiceField(label=_("Represents"), queryset=Organisation.objects.none(), required=False)
    constituency = forms.ChoiceField(label=_("Constituency"), choices=Constituency.choices)
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = person.organisations.order_by("name")  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _("One of the person's organisations.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A mandate cannot end before it starts."))
        return data


class MandateEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Why the mandate ends"), max_length=200)


class BylawsForm(forms.ModelForm):
    class Meta:
        model = Bylaws
        fields = [
            "adopted_on",
            "adopted_by",
            "mission",
            "business_majority",
            "min_leader_enterprises",
            "max_members",
            "term_months",
            "max_consecutive_terms",
            "min_meetings_per_year",
            "quorum_rule",
            "quorum_fraction",
            "quorum_count",
            "decision_rule",
            "consensus_allowed",
            "proxies_allowed",
            "max_proxies_per_member",
            "conflict_of_interest_policy",
            "coordinator_report_months",
        ]
        widgets = {"adopted_on": DATE, "mission": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = committee.resolutions.filter(  # type: ignore[attr-defined]
            outcome=ResolutionOutcome.ADOPTED
        ).order_by("-decided_at")
        self.fields["adopted_by"].required = False


class ReportForm(forms.Form):
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=Mandate.objects.none())
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 6}))
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, committee: Committee, open_mandates: list[Resolution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = (  # type: ignore[attr-defined]
            committee.mandates.current().filter(role=MandateRole.COORDINATOR).select_related("person")  # type: ignore[attr-defined]
        )
        self.open_mandates = open_mandates
        for resolution in open_mandates:
            self.fields[f"progress_{resolution.pk}"] = forms.CharField(
                label=_("Progress on %(number)s – %(title)s")
                % {"number": resolution.number, "title": resolution.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"completed_{resolution.pk}"] = forms.BooleanField(
                label=_("Mandate %(number)s completed") % {"number": resolution.number}, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def progress(self) -> list[tuple[Resolution, str, bool]]:
        rows = []
        for resolution in self.open_mandates:
            text = self.cleaned_data.get(f"progress_{resolution.pk}", "").strip()
            completed = bool(self.cleaned_data.get(f"completed_{resolution.pk}"))
            if text or completed:
                rows.append((resolution, text, completed))
        return rows
