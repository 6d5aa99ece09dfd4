"""The newsletter's pages: the public's (subscribe, confirm, unsubscribe, interests, archive) and the
editors' under /gestion/bulletin/ (compose, preview, recipients, send, progress)."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from .. import policies

GET_OR_POST = require_http_methods(["GET", "POST"])

newsletter_required = policies.NEWSLETTER.required
