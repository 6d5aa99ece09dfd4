"""What every app's transition tables share: the refusal of a step the status does not allow."""

from __future__ import annotations


class InvalidTransition(Exception):
    """A step the current status does not allow (a plain-language message, shown as is; 409 in the API)."""
