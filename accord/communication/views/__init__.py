"""News and success stories: the public pages at the root (/nouvelles/, /bons-coups/) and the editors'
pages under /gestion/communication/.

Thin views: what the user may see first (the policies' querysets; out of scope or not yet published is
a 404), then whether they may change it (the policies; 403), then a form and a service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .. import policies
from ..models import Publication

GET_OR_POST = require_http_methods(["GET", "POST"])

communication_required = policies.COMMUNICATION.required


def require_editor(request: HttpRequest, publication: Publication) -> None:
    """A 403 unless the user may change the publication."""
    if not policies.can_edit_publication(request.user, publication):
        raise PermissionDenied(gettext("You may not change this publication."))
