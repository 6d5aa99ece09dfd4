"""Pages of accounts: sign-in (signin.py) and the back office's accounts and roles (users.py).

`backoffice_required` guards every page of the back office, in this app and the registry's.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.core.access import area_required

from .. import policies

backoffice_required = area_required(
    policies.can_access_backoffice, _("The back office is for ministry and regional-office staff.")
)
