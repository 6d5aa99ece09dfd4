"""Every form of the events. They validate input; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.forms import refuse_line_breaks, use_nul_message
from accord.planning.models import Action
from accord.registry.models import Creneau, Person

from . import selectors
from .models import Event, Theme, Workshop

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


# --- A gathering's workshops and their synthesis (decision 53) ----------------------------------


class PersonField(forms.CharField):
    """A person of the registry, typed by their email address (unique) or their full name; a name
    several people share asks for the address. Works without JavaScript: what is typed is posted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The person's email address or full name, as in the registry."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Person):
            return value.email or f"{value.first_name} {value.last_name}"
        if isinstance(value, int):  # a model form's initial: the person's id
            person = Person.objects.filter(pk=value).only("email", "first_name", "last_name").first()
            return self.prepare_value(person) if person else ""
        return value

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        found = list(Person.objects.filter(email__iexact=text)[:2])
        if not found:
            full_name = Concat("first_name", Value(" "), "last_name", output_field=models.CharField())
            found = list(Person.objects.annotate(typed_name=full_name).filter(typed_name__iexact=text)[:2])
        if not found:
            raise forms.ValidationError(
                _("Nobody in the registry has this email address or name: add the person to the registry first."),
                code="unknown",
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several people of the registry have this name: type the email address of the one you mean."),
                code="ambiguous",
            )
        return found[0]


class ThemeForm(forms.ModelForm):
    """A theme of the gathering: its order and its title in both languages."""

    reason = reason_input()

    class Meta:
        model = Theme
        fields = ["position", "title_fr", "title_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)

    def data_for_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}

    def validate_unique(self) -> None:
        """The service validates the row with its event (the form does not know it)."""


class WorkshopForm(forms.ModelForm):
    """A workshop: its order, title, room, time, and its chair, facilitator and note-taker."""

    chair = PersonField(label=_("Chair"))
    facilitator = PersonField(label=_("Facilitator"))
    note_taker = PersonField(label=_("Note-taker"))
    reason = reason_input()

    class Meta:
        model = Workshop
        fields = ["position", "title", "place", "starts_at", "chair", "facilitator", "note_taker"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)

    def data_for_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}

    def validate_unique(self) -> None:
        """The service validates the row with its event (the form does not know it)."""


def _text_area(label: str, initial: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, initial=initial, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class NotesForm(forms.Form):
    """A workshop's notes: one text area per theme of its gathering (`theme_<id>`), in order."""

    reason = reason_input()

    def __init__(self, *args: Any, sheet: list[tuple[Theme, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = {f"theme_{theme.pk}": _text_area(theme.title, text) for theme, text in sheet}
        self.fields = {**fields, "reason": self.fields["reason"]}
        use_nul_message(self)

    def texts(self) -> dict[int, str]:
        """The notes by theme id."""
        return {int(name[6:]): value for name, value in self.cleaned_data.items() if name.startswith("theme_")}


class SynthesisForm(forms.Form):
    """The synthesis: its introduction and each theme's synthesis (`theme_<id>`)."""

    introduction = forms.CharField(
        label=_("Introduction"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    reason = reason_input()

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = {
            f"theme_{theme.pk}": _text_area(
                _("Synthesis of “%(title)s”") % {"title": theme.title}, theme.synthesis_text
            )
            for theme in themes
        }
        self.fields = {"introduction": self.fields["introduction"], **fields, "reason": self.fields["reason"]}
        use_nul_message(self)

    def texts(self) -> dict[int, str]:
        """Each theme's synthesis by theme id."""
        return {int(name[6:]): value for name, value in self.cleaned_data.items() if name.startswith("theme_")}


class StepForm(forms.Form):
    """A step of the synthesis: why (required to return it or withdraw it)."""

    reason = reason_input(_("Why?"))

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        use_nul_message(self)
        refuse_line_breaks(self)
