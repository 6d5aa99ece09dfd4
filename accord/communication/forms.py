"""Every form of news and success stories. They validate input; services clean the rich text and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accord.core.forms import money_input, refuse_line_breaks, use_nul_message
from accord.registry.models import Creneau

from . import policies, richtext
from .models import OPPORTUNITY_KINDS, Briefing, CommunicationPlan, PlanActivity, Publication, PublicationKind


def reason_input(label: Any = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label or _("Reason for the change"), max_length=100, required=required)


class RichTextarea(forms.Textarea):
    """A textarea of the HTML subset (richtext.TAGS), with a small toolbar where JavaScript runs.

    Without JavaScript the editor types the tags; with it, buttons wrap the selection in them.
    Either way the service keeps only the allowed subset (richtext.clean).
    """

    class Media:
        js = ("js/richtext.js",)

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 12, "data-richtext": "", **(attrs or {})})


RICH_HELP = _(
    "Paragraphs <p>, emphasis <strong> <em>, headings <h2> <h3>, lists <ul> <ol> <li>, quotations "
    '<blockquote> and links <a href="https://…">. Anything else is removed when saved.'
)


class PublicationForm(forms.ModelForm):
    """A publication's text in both languages, its niche, region and (for a story) theme and results,
    and its image with the image's alternative text."""

    reason = reason_input()

    class Meta:
        model = Publication
        fields = [
            "title_fr",
            "title_en",
            "creneau",
            "region",
            "theme",
            "summary_fr",
            "summary_en",
            "body_fr",
            "body_en",
            "results_fr",
            "results_en",
            "image",
            "image_alt_fr",
            "image_alt_en",
        ]
        widgets = {
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "body_fr": RichTextarea(),
            "body_en": RichTextarea(),
            "results_fr": forms.Textarea(attrs={"rows": 3}),
            "results_en": forms.Textarea(attrs={"rows": 3}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args: Any, kind: str, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["creneau"].queryset = policies.writable_creneaux(user).order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["region"].queryset = policies.writable_regions(user).order_by("code")  # type: ignore[attr-defined]
        for name in ("body_fr", "body_en"):
            # Django draws help texts as HTML: the tags it names are shown, not applied.
            self.fields[name].help_text = escape(RICH_HELP)
        self.fields["image"].help_text = _("PNG, JPEG or WebP, 5 MB at most. Describe it in its alternative text.")
        if kind == PublicationKind.STORY:
            for name in ("creneau", "region", "theme"):
                self.fields[name].required = True
            self.fields["results_fr"].help_text = _("What changed, with figures where there are: required to publish.")
        else:
            for name in ("theme", "results_fr", "results_en"):
                del self.fields[name]
            self.fields["creneau"].help_text = _("Leave empty for news of the whole program (ministry).")
        use_nul_message(self)
        refuse_line_breaks(self)

    def clean_body_fr(self) -> str:
        return richtext.clean(self.cleaned_data.get("body_fr", ""))

    def clean_body_en(self) -> str:
        return richtext.clean(self.cleaned_data.get("body_en", ""))

    def data_for_service(self) -> dict[str, Any]:
        """The fields without the reason; an image left as it is is not sent, a cleared one is ""."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "reason"}
        if data.get("image") is None:
            data.pop("image", None)
        elif data["image"] is False:
            data["image"] = ""
        return data


class ScheduleForm(forms.Form):
    """When the publication goes public by itself."""

    at = forms.DateTimeField(
        label=_("Publish on"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time (Québec time): it shows on the public site from then on."),
    )
    reason = reason_input()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)


class StepForm(forms.Form):
    """Publish now or withdraw: the reason, kept in the history."""

    reason = reason_input()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)


# --- Regional communication plans (decision 51) ----------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommunicationPlanForm(forms.ModelForm):
    """A region's plan for a year: its budget and what it aims at, in both languages."""

    budget = money_input(_("Budget granted"))
    reason = reason_input()

    class Meta:
        model = CommunicationPlan
        fields = ["year", "budget", "aims_fr", "aims_en"]
        widgets = {"aims_fr": forms.Textarea(attrs={"rows": 4}), "aims_en": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)
        refuse_line_breaks(self)


class ActivityForm(forms.ModelForm):
    """An activity of the plan, for niches of the plan's region."""

    budget = money_input(_("Budget"))
    reason = reason_input()

    class Meta:
        model = PlanActivity
        fields = ["title_fr", "title_en", "kind", "budget", "starts_on", "ends_on", "status", "creneaux", "outcome"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "creneaux": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: CommunicationPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["creneaux"].queryset = (  # type: ignore[attr-defined]
            Creneau.objects.filter(regions=plan.region).active().order_by("name_fr")
        )
        use_nul_message(self)
        refuse_line_breaks(self)


# --- Members-only information (decision 52) ----------------------------------------------------------


class BriefingForm(forms.ModelForm):
    """A piece of members-only information: its kind, its text in both languages, the niches whose
    members read it, a closing date for an opportunity, a contact and a document."""

    reason = reason_input()

    class Meta:
        model = Briefing
        fields = [
            "kind",
            "title_fr",
            "title_en",
            "creneaux",
            "summary_fr",
            "summary_en",
            "closes_on",
            "contact",
            "file",
        ]
        widgets = {
            "summary_fr": forms.Textarea(attrs={"rows": 5}),
            "summary_en": forms.Textarea(attrs={"rows": 5}),
            "closes_on": DATE,
            "creneaux": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["creneaux"].queryset = policies.writable_creneaux(user).active().order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["creneaux"].help_text = _("Their members read it; nobody else does.")
        self.fields["title_en"].help_text = _("Optional: English readers see the French title otherwise.")
        self.fields["file"].help_text = _(
            "PDF, office or text document, 20 MB at most. Only the members of the niches chosen download it."
        )
        use_nul_message(self)
        refuse_line_breaks(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("closes_on") and data.get("kind") and data["kind"] not in OPPORTUNITY_KINDS:
            self.add_error("closes_on", _("Only a business opportunity has a closing date: leave it empty."))
        return data

    def data_for_service(self) -> dict[str, Any]:
        """The fields without the reason; a document left as it is is not sent, a cleared one is ""."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "reason"}
        if data.get("file") is None:
            data.pop("file", None)
        elif data["file"] is False:
            data["file"] = ""
        return data
