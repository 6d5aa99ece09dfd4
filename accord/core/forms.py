"""Form helpers shared by every context's pages: a service's refusal shown on the form, the form page."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.core import validators as django_validators
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates, Jinja2
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .text import normalize
from .validation import reject_line_breaks, reject_nul


def apply_service_errors(form: Any, exc: ValidationError, *, default: str | None = None) -> None:
    """Put a service's validation errors on the form's fields (else on `default`, else the whole form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else default, errors)
    else:
        form.add_error(default, exc)


# --- Writes safe to repeat ---------------------------------------------------------------------

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class SubmissionTokenMixin:
    """A creation form that creates once, however many times it is posted.

    The form carries a token issued when it is drawn (a hidden field); the view passes
    `form.submission_token` to `core.services.once`, which records it with what was created.
    A second post of the same page (a double click, the back button, a retried request)
    answers with the first result. A form posted without a token still works, once per post.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_token"] = forms.CharField(  # type: ignore[attr-defined]
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4().hex
        )

    @property
    def submission_token(self) -> str | None:
        """The token posted with the form, if it is one of ours."""
        value = (self.data.get(self.add_prefix("submission_token")) or "").strip()  # type: ignore[attr-defined]
        return value if _TOKEN.match(value) else None


class RevisionMixin:
    """An edit form that knows which revision of the record it started from (optimistic locking).

    The view gives the record's `revision` as the initial value; the service compares it
    with the row's under the lock and raises EditConflict when someone saved in between.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["revision"] = forms.IntegerField(  # type: ignore[attr-defined]
            required=False, min_value=0, widget=forms.HiddenInput, initial=getattr(instance, "revision", None)
        )

    @property
    def revision(self) -> int | None:
        return self.cleaned_data.get("revision")  # type: ignore[attr-defined,no-any-return]


def use_nul_message(form: forms.BaseForm) -> None:
    """Text fields refuse NUL characters with Accord's clear message (once), rather than Django's."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators = [
                v for v in field.validators if not isinstance(v, django_validators.ProhibitNullCharactersValidator)
            ]
            field.validators.append(reject_nul)


def refuse_line_breaks(form: forms.BaseForm, *names: str) -> None:
    """Single-line text fields (titles, names) refuse CR and LF: they end up in email headers.

    Without names, every text field drawn as a one-line input.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            continue
        if (names and name in names) or (not names and not isinstance(field.widget, forms.Textarea)):
            field.validators.append(reject_line_breaks)


def show_conflict(form: Any, conflict: Any) -> None:
    """Put an EditConflict on the form: per field, the value saved meanwhile and the editor's.

    The hidden revision becomes the current one, so posting the form again (the editor's
    values, checked) applies it on purpose.
    """
    form.conflict = [
        {"field": form.fields[name].label if name in form.fields else name, "theirs": theirs, "yours": yours}
        for name, (theirs, yours) in conflict.fields.items()
    ]
    data = form.data.copy()
    data[form.add_prefix("revision")] = str(conflict.revision)
    form.data = data
    form.add_error(None, str(conflict))


def form_page(request: HttpRequest, form: Any, *, title: str, cancel_url: str, status: int = 200) -> HttpResponse:
    """The generic page of one form: its title, its fields and a way back."""
    return render(
        request, "core/object_form.html", {"form": form, "title": title, "cancel_url": cancel_url}, status=status
    )


# --- Suggestions as the user types ------------------------------------------------------------


class Combobox(forms.TextInput):
    """A text input whose suggestions, as the user types, come from a view (a WAI-ARIA combobox,
    list autocomplete): htmx fills the listbox with that view's options.

    The input keeps working as a plain text field: what the user types is what is posted, and
    the form's field finds the record from it. `options` names the view; it receives the field's
    name as `field` and what is typed under that name. static/js/combobox.js (the widget's media)
    gives the listbox its keyboard (arrows, Enter, Escape).
    """

    template_name = "core/widgets/combobox.html"

    class Media:
        js = [forms.widgets.Script("js/combobox.js", defer=True)]

    def __init__(self, options: str, *, listbox_label: str | Promise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )
        self.options = options
        self.listbox_label = listbox_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        listbox = f"{widget['attrs'].get('id', name)}-options"
        widget["attrs"].update(
            {
                "aria-controls": listbox,
                "hx-get": f"{reverse(self.options)}?{urlencode({'field': name})}",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{listbox}",
                "hx-sync": "this:replace",
            }
        )
        widget["listbox_label"] = self.listbox_label
        return context


# --- Numbers typed the way people type them -------------------------------------------------

_BLANKS = re.compile(r"[\s\u00a0\u202f\u2009$]")


def plain_number(value: str, language: str) -> str:
    """A number as people type it, as Python reads it: "4 000 000,50 $" → "4000000.50".

    Spaces of any kind and a dollar sign are dropped. With both a comma and a dot, the last
    one is the decimal mark; a lone comma is the decimal mark in French and a thousands
    separator in English. (Django's own parsing keeps the spaces since USE_THOUSAND_SEPARATOR
    is off, so 4 000 000,00 would be refused.)
    """
    text = _BLANKS.sub("", value)
    if "," in text and "." in text:
        decimal, thousands = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        return text.replace(thousands, "").replace(decimal, ".")
    if "," in text:
        return text.replace(",", ".") if language == "fr" else text.replace(",", "")
    return text


class NumberField(forms.DecimalField):
    """A decimal typed in the user's language, shown in it (40,00 in French) when filled in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = plain_number(value, (translation.get_language() or "fr")[:2])
        return super().to_python(value)


def money_input(label: Any, **kwargs: Any) -> forms.DecimalField:
    """Dollars and cents, never negative, in the user's language."""
    return NumberField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={
            "min_value": _("An amount cannot be negative."),
            "invalid": _("Enter an amount in dollars, for example 4 000 000,00."),
        },
        **kwargs,
    )


def rate_input(label: Any, **kwargs: Any) -> forms.DecimalField:
    """A percentage, 0 to 100."""
    return NumberField(
        label=label,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("A percentage cannot be negative."),
            "max_value": _("A percentage cannot exceed 100."),
        },
        **kwargs,
    )


class ByLabelChoiceIterator(ModelChoiceIterator):
    """A model choice field's options by label in the reader's language, accents and case aside.

    The database sorts by one column (the French name) and by code point ("Éolien" after
    "Valorisation"); people look for a name in the alphabet they read.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(obj) for obj in self.queryset), key=lambda choice: normalize(str(choice[1])))


class FormRenderer(Jinja2):
    """Django's widgets through its Jinja2 templates (a select of 150 options in a fraction of the
    time), and the widgets that exist only as Django templates (the admin's related-object and
    raw-id widgets, contrib.auth's password hash) through Django's engine, instead of a 500."""

    def __init__(self) -> None:
        super().__init__()
        self.fallback = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
