"""Every form of the plans. They validate input; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import NumberField, money_input
from accord.governance.models import Resolution
from accord.registry.models import Organisation

from . import selectors
from .models import Action, Axis, Objective, Plan, Priority, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reason_input() -> forms.CharField:
    return forms.CharField(label=_("Reason for the change"), max_length=100, required=False)


class PlanForm(forms.ModelForm):
    reason = reason_input()

    class Meta:
        model = Plan
        fields = ["first_year", "last_year", "strategy_fr", "strategy_en"]
        widgets = {"strategy_fr": forms.Textarea(attrs={"rows": 8}), "strategy_en": forms.Textarea(attrs={"rows": 8})}


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    resolution = forms.ModelChoiceField(
        label=_("Resolution"),
        queryset=Resolution.objects.none(),
        required=False,
        help_text=_("The niche committee's resolution that adopted the plan, if it is recorded."),
    )
    reason = reason_input()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = selectors.adopting_resolutions(plan.creneau)  # type: ignore[attr-defined]


class AxisForm(forms.ModelForm):
    reason = reason_input()

    class Meta:
        model = Axis
        fields = ["kind", "name_fr", "name_en", "position"]
        help_texts = {"name_fr": _("Required for the niche's own axis (kind “Other”).")}


class ObjectiveForm(forms.ModelForm):
    reason = reason_input()

    class Meta:
        model = Objective
        fields = ["text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    budget = money_input(_("Budget"), required=False)
    weight = NumberField(
        label=_("Weight"),
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        initial=1,
        help_text=_("How much the action counts in its objective's progress (1 by default)."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reason = reason_input()

    class Meta:
        model = Action
        fields = [
            "title",
            "owner_organisation",
            "owner_person",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "progress",
            "weight",
            "position",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = selectors.owner_organisations(plan.creneau)
        self.fields["owner_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["partners"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner_person"].queryset = selectors.owner_people(plan.creneau)  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        """The action's fields, partners apart (the service takes them on their own)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("partners", "reason")}


def model_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a form sends the service: its fields without the reason."""
    return {name: value for name, value in form.cleaned_data.items() if name != "reason"}


class ProgrammeForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    reason = reason_input()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in selectors.free_years(plan)]  # type: ignore[attr-defined]


class ActionChoiceField(forms.ModelChoiceField):
    """An action named with its axis and objective: the same title may serve two objectives."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.objective.axis.name} › {obj.objective.text[:60]} › {obj.title}"


class PriorityForm(forms.ModelForm):
    action = ActionChoiceField(label=_("Action"), queryset=Action.objects.none())
    target_figure = NumberField(
        label=_("Target figure"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("A number to reach this year, if the target has one (participants, enterprises, dollars…)."),
    )
    reason = reason_input()

    class Meta:
        model = Priority
        fields = ["action", "target_fr", "target_en", "target_figure", "position"]
        widgets = {"target_fr": forms.Textarea(attrs={"rows": 3}), "target_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["action"]  # a priority names its action for good: remove it and add another
        else:
            self.fields["action"].queryset = selectors.priority_actions(programme)  # type: ignore[attr-defined]
