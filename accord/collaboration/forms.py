"""Every form of the collaboration between créneaux (decision 57): they validate input; the services
check the powers and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.forms import ByLabelChoiceIterator, refuse_line_breaks, use_nul_message
from accord.planning.models import AxisKind
from accord.registry.models import Creneau, Region

from . import policies, selectors
from .models import DeclaredKind, ExperienceNote, LinkKind

SUPPLIES = "supplies"
SUPPLIED = "supplied"


def reason_input(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label or _("Reason for the change"), max_length=100, required=required)


class CreneauChoiceField(forms.ModelChoiceField):
    """A créneau chosen by its name in the reader's language (accents aside in the order)."""

    iterator = ByLabelChoiceIterator


class NetworkFilterForm(forms.Form):
    """The map's and its table's filters: a region, a theme of the plans, kinds of link (a GET form)."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.only("pk", "code", "name").order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    theme = forms.ChoiceField(
        label=_("Theme of their plans"),
        choices=[("", _("All themes")), *[(k, label) for k, label in AxisKind.choices if k != AxisKind.OTHER]],
        required=False,
    )
    kind = forms.MultipleChoiceField(
        label=_("Kinds of link"),
        choices=LinkKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )


class LinkForm(forms.Form):
    """A link the créneau's people declare with another créneau, and why."""

    target = CreneauChoiceField(label=_("Linked niche"), queryset=Creneau.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=DeclaredKind.choices)
    direction = forms.ChoiceField(
        label=_("Who supplies whom"),
        choices=[
            (SUPPLIES, pgettext_lazy("link direction", "This niche supplies the linked niche")),
            (SUPPLIED, pgettext_lazy("link direction", "The linked niche supplies this niche")),
        ],
        required=False,
        help_text=_("For a supplier and customer link only."),
    )
    description_fr = forms.CharField(
        label=_("Reason (French)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Reason (English)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: English readers see the French reason otherwise."),
    )

    def __init__(self, *args: Any, creneau: Creneau, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Creneau.objects.active().exclude(pk=creneau.pk).order_by("name_fr")  # type: ignore[attr-defined]
        use_nul_message(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == DeclaredKind.SUPPLIER_CUSTOMER and not data.get("direction"):
            self.add_error("direction", _("Say which niche supplies the other."))
        return data


class EndLinkForm(forms.Form):
    """Why a declared link ends (kept with the link)."""

    reason = forms.CharField(label=_("Why the link ends"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)


class NoteForm(forms.ModelForm):
    """An experience note: its créneau (when written), its text in both languages, and the projects and
    plan actions it concerns."""

    creneau = CreneauChoiceField(label=_("Niche"), queryset=Creneau.objects.none())
    reason = reason_input()

    class Meta:
        model = ExperienceNote
        fields = [
            "creneau",
            "title_fr",
            "title_en",
            "worked_fr",
            "worked_en",
            "did_not_work_fr",
            "did_not_work_en",
            "results_fr",
            "results_en",
            "projects",
            "actions",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("worked_fr", "worked_en", "did_not_work_fr", "did_not_work_en", "results_fr", "results_en")
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        if editing:
            del self.fields["creneau"]
            creneaux: Any = [self.instance.creneau]
        else:
            creneaux = policies.writable_note_creneaux(user).active()
            self.fields["creneau"].queryset = creneaux.order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["projects"].queryset = selectors.project_choices(user, creneaux)  # type: ignore[attr-defined]
        self.fields["actions"].queryset = selectors.action_choices(user, creneaux)  # type: ignore[attr-defined]
        self.fields["projects"].help_text = _("Projects of the niche the note concerns.")
        self.fields["actions"].help_text = _("Actions of the niche's plans the note concerns.")
        self.fields["title_en"].help_text = _("Optional: English readers see the French text otherwise.")
        use_nul_message(self)
        refuse_line_breaks(self)

    def data_for_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("creneau", "reason")}


class StepForm(forms.Form):
    """Publish or withdraw a note: the reason, kept in its history."""

    reason = reason_input()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)
