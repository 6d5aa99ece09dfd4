"""Back-office pages to open accounts and grant or end staff roles (ministry only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.access import area_required
from accord.core.forms import apply_service_errors, form_page
from accord.core.listing import list_page
from accord.core.steps import button_step

from .. import policies, selectors, services
from ..filters import UserFilterSet
from ..forms import RoleGrantForm, SecondFactorResetForm, UserCreateForm
from ..models import User
from ..tables import UserTable
from . import backoffice_required

# Inside the back office, a second door: staff of a regional office see the reason.
user_manager_required = area_required(policies.can_manage_users, gettext_lazy("Only ministry staff manage accounts."))
# Resets are open to the technical administrator too, who may hold no back-office role.
second_factor_resetter_required = area_required(
    policies.can_reset_second_factors,
    gettext_lazy("Only ministry staff and the technical administrator reset second factors."),
)


@require_GET
@backoffice_required
@user_manager_required
def user_list(request: HttpRequest) -> HttpResponse:
    queryset = policies.visible_users(request.user).prefetch_related("role_assignments__region")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=UserFilterSet,
        table_class=UserTable,
        title=_("Users"),
        export_name="users",
        personal_data=True,
        extra={"create_url": reverse("accounts_bo:user_create")},
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
@user_manager_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The account was opened and an invitation sent to %(email)s.") % {"email": user.email}
            )
            return redirect("accounts_bo:user_detail", pk=user.pk)
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New account"), cancel_url=reverse("accounts_bo:user_list"), status=status)


def _user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(policies.visible_users(request.user), pk=pk)


def _user_page(request: HttpRequest, user: User, form: Any, status: int = 200) -> HttpResponse:
    context = {
        "managed_user": user,
        "assignments": user.role_assignments.select_related("region", "granted_by").order_by("-starts_on", "-pk"),
        "entries": selectors.account_history(user),
        "form": form,
        "may_reset": policies.can_reset_second_factor(request.user, user) and selectors.has_second_factor(user),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_GET
@backoffice_required
@user_manager_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_page(request, _user(request, pk), RoleGrantForm())


@require_POST
@backoffice_required
@user_manager_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request, pk)
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        try:
            services.grant_role(user, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("accounts_bo:user_detail", pk=user.pk)
    return _user_page(request, user, form, status=400)


@require_POST
@backoffice_required
@user_manager_required
def role_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    user = _user(request, pk)
    assignment = get_object_or_404(user.role_assignments.all(), pk=assignment_pk)

    def end() -> str:
        services.end_role(assignment, actor=request.user, reason=request.POST.get("reason", "")[:300])
        return _("The role was ended.")

    return button_step(request, end, back=reverse("accounts_bo:user_detail", args=[user.pk]))


@require_http_methods(["GET", "POST"])
@second_factor_resetter_required
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Take every second factor off someone's account (lost phone or key), with a reason.

    Their sessions and API tokens end; they are emailed and enrol again at their next sign-in.
    Accounts the actor may not reset are a 404 (`policies.second_factor_resettable_users`).
    """
    user = get_object_or_404(policies.second_factor_resettable_users(request.user), pk=pk)
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_second_factor(user, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The second factor of %(user)s was reset; they were told by email.") % {"user": user}
            )
            if policies.can_manage_users(request.user):
                return redirect("accounts_bo:user_detail", pk=user.pk)
            return redirect("admin:accounts_user_change", user.pk)
    context = {
        "managed_user": user,
        "devices": selectors.second_factor_devices(user),
        "form": form,
        "back_url": (
            reverse("accounts_bo:user_detail", args=[user.pk])
            if policies.can_manage_users(request.user)
            else reverse("admin:accounts_user_change", args=[user.pk])
        ),
    }
    return render(request, "accounts/second_factor_reset.html", context, status=400 if form.errors else 200)
