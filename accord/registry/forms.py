"""Back-office forms. They validate input; saving is the services' job."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accord.core import files
from accord.core.files import check_upload
from accord.core.forms import Combobox, RevisionMixin, SubmissionTokenMixin, refuse_line_breaks

from . import policies, selectors
from .models import (
    LARGE_ENTERPRISE_SIZE,
    AnonymisationBasis,
    ContactStatus,
    Creneau,
    Offer,
    Organisation,
    OrganisationQuerySet,
    Person,
    Region,
    ResourceRegionStatus,
    SizeBand,
)
from .validators import normalize_neq

#: Matches an organisation field's error lists when a name is shared: enough to tell them apart.
CANDIDATES = 5


class ReasonMixin(forms.Form):
    """Every change can say why; the reason is kept in the record's history."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,
        help_text=_("Optional. Kept in the history of the record."),
    )


def model_data(form: forms.ModelForm, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The cleaned values of the form's model fields (not the many-to-many ones), ready for a service."""
    model = form._meta.model
    names = {f.name for f in model._meta.concrete_fields}
    return {
        name: form.cleaned_data[name]
        for name in form.fields
        if name in names
        and name not in exclude
        and name != "revision"  # the edit's starting point, given to the service apart
        and name in form.cleaned_data
        and not form.fields[name].disabled
    }


def https_url_field(model: Any, name: str = "website") -> forms.URLField:
    """The model's URL field, assuming https:// when people type a bare domain."""
    field = model._meta.get_field(name)
    return forms.URLField(
        label=capfirst(field.verbose_name), required=not field.blank, max_length=field.max_length, assume_scheme="https"
    )


class OrganisationField(forms.CharField):
    """An organisation of the registry, typed by its name or its NEQ, suggested as the user types.

    The registry holds thousands of organisations: a select of all of them would weigh more
    than the page, and a number to look up is no way to name one. `options` is the view that
    suggests them (core.forms.Combobox); without JavaScript the field is a text field and the
    server finds the organisation from what is typed. `queryset` holds those the field accepts
    (all by default); the form narrows it to what the user may name. `current` is the record's
    organisation when the form edits one: its name, as the form shows it, keeps it even if
    another organisation has the same name or the user could not name it.
    """

    def __init__(
        self,
        *args: Any,
        options: str = "registry_bo:organisation_options",
        queryset: OrganisationQuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", Combobox(options, listbox_label=_("Suggestions from the registry")))
        super().__init__(*args, **kwargs)
        self.queryset = queryset if queryset is not None else Organisation.objects.all()
        self.current: Organisation | None = None

    def prepare_value(self, value: Any) -> Any:
        return value.name if isinstance(value, Organisation) else value

    def clean(self, value: Any) -> Organisation | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        neq = normalize_neq(text)
        current = self.current
        if current is not None and (text.casefold() == current.name.casefold() or (neq and neq == current.neq)):
            return current
        # Typed separators alone make no NEQ: `neq=None` would match every organisation without one.
        wanted = Q(name__iexact=text) | Q(neq=neq) if neq else Q(name__iexact=text)
        found = list(
            self.queryset.filter(wanted).only("pk", "name", "kind", "neq", "city").order_by("name", "pk")[:CANDIDATES]
        )
        if not found:
            raise forms.ValidationError(
                _(
                    "No organisation of the registry has this name or NEQ. Check the spelling, or type the "
                    "organisation's NEQ (10 digits); an organisation missing from the registry is added to it first."
                ),
                code="unknown",
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several organisations of the registry have this name: type the NEQ of the one you mean (%(list)s)."),
                code="ambiguous",
                params={"list": "; ".join(selectors.organisation_label(o) for o in found)},
            )
        return found[0]


class OrganisationForm(SubmissionTokenMixin, RevisionMixin, ReasonMixin, forms.ModelForm):
    website = https_url_field(Organisation)
    # Wider than the 10 stored digits: people type spaces or dashes, removed in clean_neq.
    neq = forms.CharField(label=_("Québec enterprise number (NEQ)"), max_length=20, required=False)
    creneaux = forms.ModelMultipleChoiceField(
        label=_("Member of the niches"),
        queryset=Creneau.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "region",
            "city",
            "website",
            "description",
            "street_address",
            "postal_code",
            "email",
            "phone",
            "neq",
            "size_band",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self)
        self.user = user
        regions = policies.manageable_regions(user)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].required = not policies.can_create_organisation(user, None)
        if self.instance.pk:
            self.initial.setdefault("creneaux", list(self.instance.creneaux.all()))
        self.fields["neq"].help_text = _("10 digits; enterprises only.")

    def clean_neq(self) -> str | None:
        return normalize_neq(self.cleaned_data.get("neq"))

    def clean(self) -> dict[str, Any]:
        # The database's constraint says it too; checked here without a query, so a file's rows
        # are refused one by one (imports skip the per-row constraint queries).
        data = super().clean() or {}
        if data.get("is_large_enterprise") and data.get("size_band") in (SizeBand.MICRO, SizeBand.SMALL):
            self.add_error("is_large_enterprise", LARGE_ENTERPRISE_SIZE)
        return data


class PersonForm(SubmissionTokenMixin, RevisionMixin, ReasonMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "preferred_language", "region"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self)
        self.fields["region"].queryset = policies.manageable_regions(user)  # type: ignore[attr-defined]
        self.fields["region"].required = not policies.can_create_person(user, None)

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        return email or None


class CreneauForm(RevisionMixin, ReasonMixin, forms.ModelForm):
    website = https_url_field(Creneau)
    # The coordinator is not here: it is the holder of the coordinator mandate on the niche
    # committee (decision 23).
    management_organisation = OrganisationField(
        label=capfirst(Creneau._meta.get_field("management_organisation").verbose_name),
        required=False,
        help_text=_("Type its name or its NEQ, then pick it among the suggestions."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An interregional niche has several."),
    )

    class Meta:
        model = Creneau
        fields = [
            "name_fr",
            "name_en",
            "slug",
            "industry_fr",
            "industry_en",
            "description_fr",
            "description_en",
            "regions",
            "category",
            "recognition_stage",
            "principle_agreement_on",
            "strategy_authorised_on",
            "implementation_agreement_on",
            "management_structure",
            "management_organisation",
            "website",
            "ended_on",
        ]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "principle_agreement_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "strategy_authorised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "implementation_agreement_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Part of the page address; made from the French name when empty.")
        managing = cast("OrganisationField", self.fields["management_organisation"])
        managing.queryset = policies.nameable_organisations(user)
        if self.instance.management_organisation_id is not None:
            # Shown by its name: the model form's initial value is its number.
            managing.current = self.instance.management_organisation
            self.initial["management_organisation"] = managing.current
        if self.instance.pk:
            self.initial.setdefault("regions", list(self.instance.regions.all()))
        if not policies.can_change_creneau_status(user):
            for name in (*policies.CRENEAU_STATUS_FIELDS, "regions"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Set by the ministry.")


class RegionForm(RevisionMixin, ReasonMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name"]


class ResourceStatusForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = ResourceRegionStatus
        fields = ["valid_from", "valid_to", "source"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class EndResourceStatusForm(ReasonMixin):
    valid_to = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AffiliationForm(ReasonMixin):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)


class ImportUploadForm(forms.Form):
    KIND_CHOICES = [("organisations", _("Organisations")), ("people", _("People"))]

    kind = forms.ChoiceField(label=_("What the file contains"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon) or Excel (.xlsx), with column names on the first row."),
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        return check_upload(uploaded, kinds=(files.CSV, files.XLSX), max_bytes=settings.ACCORD_IMPORT_MAX_BYTES)


class AnonymiseForm(forms.Form):
    """The irreversible step: a legal basis, an explanation and an explicit confirmation."""

    basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[
            (value, label) for value, label in AnonymisationBasis.choices if value != AnonymisationBasis.RETENTION
        ],
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The request received, its date, or why the purposes are achieved. Kept with the anonymisation."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the names, contacts and history versions of this person will be replaced for good."),
        required=True,
    )


class DigestForm(forms.Form):
    """The user's choice of a daily email listing their work queues."""

    queue_digest = forms.BooleanField(
        label=_("Send me each morning an email listing what waits for me"),
        required=False,
        help_text=_("Off by default; no email on a day when nothing waits."),
    )


# --- Partner search (decision 58) ----------------------------------------------------------


class OfferForm(ReasonMixin, forms.ModelForm):
    """A capability or a need: its kind, its label (French, English optional), what it is, its sector."""

    class Meta:
        model = Offer
        fields = ["kind", "label_fr", "label_en", "description", "sector"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self)


class EndOfferForm(forms.Form):
    """Ending an offer says why: it stays in the organisation's history."""

    reason = forms.CharField(label=_("Why does it end?"), max_length=100)


class ContactRequestForm(forms.Form):
    """A member's request to be put in touch, on behalf of one of their organisations."""

    requester_organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message for the coordinator"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and what you propose. The coordinator forwards it; no address is shown."),
    )

    def __init__(self, *args: Any, organisations: OrganisationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["requester_organisation"]).queryset = organisations.order_by("name")


class HandleContactForm(forms.Form):
    """The coordinator forwards a request or declines it, with a note (required to decline)."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(ContactStatus.FORWARDED, _("Forwarded")), (ContactStatus.DECLINED, _("Declined"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
