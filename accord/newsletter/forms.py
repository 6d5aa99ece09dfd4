"""Every form of the newsletter. They validate input; the services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.communication.models import Publication, Theme
from accord.communication.policies import published_publications
from accord.core.forms import use_nul_message
from accord.registry.models import Creneau, Region

from . import policies
from .models import Issue, Language


class InterestsMixin(forms.Form):
    """A subscriber's language and interests (nothing chosen in a list: everything in it)."""

    language = forms.ChoiceField(label=_("Language of the emails"), choices=Language.choices, initial=Language.FR)
    creneaux = forms.ModelMultipleChoiceField(
        label=_("Niches"),
        queryset=Creneau.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: news of every niche."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: news of every region."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes of the success stories"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every theme."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)


class SubscribeForm(InterestsMixin):
    """The public's subscription: an address, a language, interests, and the consent's wording."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    field_order = ["email", "language", "creneaux", "regions", "themes"]


class InterestsForm(InterestsMixin):
    """A subscriber changes their language and interests through their personal link."""


class IssueForm(forms.ModelForm):
    """An issue's titles and introductions, the publications it gathers and its audience."""

    publications = forms.ModelMultipleChoiceField(
        label=_("News and success stories"),
        queryset=Publication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published ones only, in the issue from the latest to the oldest."),
    )
    creneaux = forms.ModelMultipleChoiceField(
        label=_("Niches"), queryset=Creneau.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Both languages")), *Language.choices], required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    class Meta:
        model = Issue
        fields = ["title_fr", "title_en", "intro_fr", "intro_en"]
        widgets = {"intro_fr": forms.Textarea(attrs={"rows": 4}), "intro_en": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publications"].queryset = published_publications(timezone.now()).order_by("-published_at", "-pk")  # type: ignore[attr-defined]
        self.fields["creneaux"].queryset = policies.audience_creneaux(user)  # type: ignore[attr-defined]
        self.fields["regions"].queryset = policies.audience_regions(user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial.update(
                publications=[item.publication_id for item in self.instance.items.all()],
                creneaux=list(self.instance.creneaux.all()),
                regions=list(self.instance.regions.all()),
                themes=self.instance.themes,
                language=self.instance.language,
            )
        use_nul_message(self)

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        # The issue's order: the latest publication first, as in the choices.
        chosen = sorted(self.cleaned_data["publications"], key=lambda p: (p.published_at, p.pk), reverse=True)
        return {
            **data,
            "publications": chosen,
            "creneaux": list(self.cleaned_data["creneaux"]),
            "regions": list(self.cleaned_data["regions"]),
            "themes": list(self.cleaned_data["themes"]),
            "language": self.cleaned_data["language"],
        }


class StepForm(forms.Form):
    """A confirmation step with an optional reason."""

    reason = forms.CharField(label=_("Reason (optional)"), max_length=100, required=False)
