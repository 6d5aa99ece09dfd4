"""The collaboration between créneaux, in the back office under /gestion/collaboration/ (decision 57):
the program's network of créneaux (a map and its table), each créneau's links with the others, the
declared links, and the experience notes.

Thin views: the area's gate (403 with the reason), what the user may see (the policies' querysets;
a 404 otherwise), whether they may change it (403), then a form and a service.
"""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from .. import policies

GET_OR_POST = require_http_methods(["GET", "POST"])

collaboration_required = policies.COLLABORATION.required
