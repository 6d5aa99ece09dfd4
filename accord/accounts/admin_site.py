"""The technical administration site (/admin/), behind the second factor.

/admin/ can set any password and edit any row: it opens to technical administrators who
signed in with their second factor whenever their account requires one
(`policies.requires_second_factor`, on by default for every `is_staff` account). It has
no sign-in form of its own: it sends visitors to the site's, which asks for the code.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from . import policies


class AccordAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return super().has_permission(request) and (verified or not policies.requires_second_factor(user))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One sign-in page for the whole site: the one that asks for the second factor."""
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))
