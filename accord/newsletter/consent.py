"""The consent a subscriber gives: its wording, and the version of it kept with each consent (CASL
asks the sender to prove what was consented to; Law 25 asks that consent be specific and informed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: Change the version whenever the wording changes: each consent keeps the version it was given to.
VERSION = "2026-12"

WORDING = _(
    "I agree to receive the ACCORD newsletter from the ministry by email, about the niches, regions and "
    "themes I choose. I can unsubscribe at any time with the link in every email."
)

#: How long a confirmation link works.
CONFIRMATION_DAYS = 7
