"""Pages of accounts: sign-in (signin.py) and the back office's accounts and roles (users.py).

`backoffice_required` guards every page of the back office, in this app and the registry's.
"""

from __future__ import annotations

from .. import policies

backoffice_required = policies.BACKOFFICE.required
