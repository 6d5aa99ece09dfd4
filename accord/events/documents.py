"""Generated files of the events: a gathering's published synthesis as PDF (WeasyPrint), in the
reader's language for what Accord writes, the texts as their editor wrote them (decision 53)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.text import slugify

from accord.governance.documents import render_pdf

from .models import Event, Synthesis

SYNTHESIS_TEMPLATE = "events/pdf/synthesis.html"


def synthesis_file_name(event: Event) -> str:
    """synthese-grand-rendez-vous-accord-2026.pdf"""
    return f"{slugify(f'synthese {event.title_fr} {event.starts_on.year}')}.pdf"


def synthesis_pdf(event: Event, synthesis: Synthesis, *, request: HttpRequest | None = None) -> bytes:
    """The synthesis as PDF bytes: the introduction, then each theme and its synthesis."""
    return render_pdf(SYNTHESIS_TEMPLATE, {"event": event, "synthesis": synthesis}, request=request)
