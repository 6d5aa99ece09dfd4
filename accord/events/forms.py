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
        fields = [
            "title_fr",
            "title_en",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "audience",
            "action",
            "summary",
            "summary_en",
            "registration_open",
            "registration_closes_on",
            "capacity",
        ]
        labels = {"summary": _("Summary (French)")}
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "registration_closes_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }

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


class RegistrationForm(forms.Form):
    """Register to an event: who, how to reach them, in which language, and their consent."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    organisation = forms.CharField(label=_("Your organisation"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=[("fr", "Français"), ("en", "English")], initial="fr"
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the niche uses my name, email address and organisation to manage my registration "
            "(list of participants, emails about this event). They are anonymised one year after the event."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        use_nul_message(self)
        refuse_line_breaks(self)


class AttendanceForm(forms.Form):
    """Who of the confirmed registrants came: one box each."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = reason_input()

    def __init__(self, *args: Any, registrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        field.choices = [(r.pk, f"{r.name} – {r.email}") for r in registrations]  # type: ignore[attr-defined]
        field.initial = [r.pk for r in registrations if r.attended]
        use_nul_message(self)
