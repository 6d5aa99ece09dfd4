"""The printable fiche créneau (PDF, WeasyPrint)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from . import selectors
from .models import Creneau


def creneau_fiche_pdf(creneau: Creneau, *, request: HttpRequest) -> bytes:
    """The fiche créneau with every member, in the request's language."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    context = {"creneau": creneau, "regions": creneau.regions.all(), "members": selectors.creneau_members(creneau)}
    html = render_to_string("registry/creneau_fiche_pdf.html", context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
