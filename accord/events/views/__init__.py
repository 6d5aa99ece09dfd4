"""The events' pages, under /gestion/evenements/: a créneau's events by year, and the forms that
create, edit, mark held and cancel an event.

Thin views: what the user may see first (the policies' querysets; out of scope is a 404), then
whether they may change it (the policies; 403), then a form and a service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accord.registry.models import Creneau

from .. import policies

GET_OR_POST = require_http_methods(["GET", "POST"])

events_required = policies.EVENTS.required


def require_manager(request: HttpRequest, creneau: Creneau) -> None:
    """A 403 unless the user manages the créneau's events."""
    if not policies.can_manage_events(request.user, creneau):
        raise PermissionDenied(gettext("You may not manage this niche's events."))
