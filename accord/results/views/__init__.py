"""The results' pages, under /gestion/indicateurs/: the indicators, a créneau's table of values and
targets, a value's page with its audit trail, and the approval queue.

Thin views: what the user may see first (the policies' querysets; out of scope is a 404), then
whether they may act (the policies; 403), then a form and a service.
"""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from .. import policies

GET_OR_POST = require_http_methods(["GET", "POST"])

results_required = policies.RESULTS.required
