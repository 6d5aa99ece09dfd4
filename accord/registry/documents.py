"""Printable documents (PDF, WeasyPrint): the fiche créneau, a person's information (Law 25)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from . import personal_data, selectors
from .models import Creneau, Person


def creneau_fiche_pdf(creneau: Creneau, *, request: HttpRequest) -> bytes:
    """The fiche créneau with every member, in the request's language."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    context = {"creneau": creneau, "regions": creneau.regions.all(), "members": selectors.creneau_members(creneau)}
    html = render_to_string("registry/creneau_fiche_pdf.html", context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def person_data_pdf(person: Person, data: dict[str, Any], *, request: HttpRequest) -> bytes:
    """A person's information (the same content as the JSON export), printable, in the request's language."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    sections = [(source.label, data["sections"].get(source.key, {})) for source in personal_data.sources()]
    context = {"person": person, "data": data, "sections": sections}
    html = render_to_string("registry/person_data_pdf.html", context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
