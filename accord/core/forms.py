"""Form helpers shared by every context's pages: a service's refusal shown on the form, the form page."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .text import normalize


def apply_service_errors(form: Any, exc: ValidationError, *, default: str | None = None) -> None:
    """Put a service's validation errors on the form's fields (else on `default`, else the whole form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else default, errors)
    else:
        form.add_error(default, exc)


def form_page(request: HttpRequest, form: Any, *, title: str, cancel_url: str, status: int = 200) -> HttpResponse:
    """The generic page of one form: its title, its fields and a way back."""
    return render(
        request, "core/object_form.html", {"form": form, "title": title, "cancel_url": cancel_url}, status=status
    )


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
