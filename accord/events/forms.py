"""Every form of the events. They validate input; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.forms import refuse_line_breaks, use_nul_message
from accord.planning.models import Action
from accord.registry.models import Creneau

from . import selectors
from .models import Event

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reason_input(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label or _("Reason for the change"), max_length=100, required=required)


class ActionChoiceField(forms.ModelChoiceField):
    """A plan action named with its plan's years and its objective: two plans may hold the same title."""

    def label_from_instance(self, obj: Any) -> str:
        objective = obj.objective
        return f"{objective.axis.plan.years} › {objective.text[:60]} › {obj.title}"


class EventForm(forms.ModelForm):
    """An event's details; the action is chosen among the créneau's plans' actions."""

    action = ActionChoiceField(
        label=_("Plan action"),
        queryset=Action.objects.none(),
        required=False,
        help_text=_("The action of the niche's plan this event serves, if any."),
    )
    reason = reason_input()

    class Meta:
        model = Event
        fields = ["title_fr", "title_en", "kind", "starts_on", "ends_on", "place", "audience", "action", "summary"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, creneau: Creneau, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = selectors.creneau_actions(creneau)  # type: ignore[attr-defined]
        use_nul_message(self)
        refuse_line_breaks(self)

    def data_for_service(self) -> dict[str, Any]:
        """The event's fields without the reason."""
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}


class HeldForm(forms.Form):
    """The event took place: how many people attended."""

    attendance = forms.IntegerField(
        label=pgettext_lazy("event", "Attendance"), min_value=0, help_text=_("How many people attended the event.")
    )
    reason = reason_input()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)


class CancelForm(forms.Form):
    """Why the planned event will not take place (kept in its history)."""

    reason = reason_input(_("Why is it cancelled?"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)
