"""Back-office pages to open accounts and grant or end staff roles (ministry only)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.history import history_entries
from accord.core.listing import list_page

from . import policies, services
from .decorators import backoffice_required
from .forms import RoleGrantForm, UserCreateForm
from .models import RoleAssignment, User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_q")

    class Meta:
        model = User
        fields = ["q"]

    def filter_q(self, qs: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        for word in value.split():
            qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return qs


class UserTable(tables.Table):
    email = tables.Column(
        verbose_name=gettext_lazy("Email"), linkify=("accounts_bo:user_detail", {"pk": tables.A("pk")})
    )
    first_name = tables.Column(verbose_name=gettext_lazy("First name"))
    last_name = tables.Column(verbose_name=gettext_lazy("Last name"))
    roles = tables.Column(verbose_name=gettext_lazy("Current roles"), empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=gettext_lazy("Active"))

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "roles", "is_active")
        order_by = ("last_name",)
        attrs = {"class": "data-table"}

    def render_roles(self, record: User) -> str:
        return ", ".join(str(a) for a in record.role_assignments.all() if a.is_current())


def _require_user_manager(request: HttpRequest) -> None:
    if not policies.can_manage_users(request.user):
        raise PermissionDenied(_("Only ministry staff manage accounts."))


@require_GET
@backoffice_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    queryset = policies.visible_users(request.user).prefetch_related("role_assignments__region")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=UserFilterSet,
        table_class=UserTable,
        title=_("Users"),
        export_name="users",
        extra={"create_url": reverse("accounts_bo:user_create")},
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                actor=request.user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The account was opened and an invitation sent to %(email)s.") % {"email": user.email}
            )
            return redirect("accounts_bo:user_detail", pk=user.pk)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "title": _("New account"), "cancel_url": reverse("accounts_bo:user_list")},
        status=400 if form.is_bound else 200,
    )


def _user_page(request: HttpRequest, user: User, form: Any, status: int = 200) -> HttpResponse:
    assignments = user.role_assignments.select_related("region", "granted_by").order_by("-starts_on", "-pk")
    entries = history_entries(
        RoleAssignment.history.filter(user_id=user.pk).select_related("history_user"),
        User.history.filter(id=user.pk).select_related("history_user"),
        subject_of=lambda record, names: _("Role") if record.instance_type is RoleAssignment else "",
    )
    context = {"managed_user": user, "assignments": assignments, "form": form, "entries": entries}
    return render(request, "accounts/user_detail.html", context, status=status)


@require_GET
@backoffice_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_manager(request)
    user = get_object_or_404(policies.visible_users(request.user), pk=pk)
    return _user_page(request, user, RoleGrantForm())


@require_POST
@backoffice_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_manager(request)
    user = get_object_or_404(policies.visible_users(request.user), pk=pk)
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        try:
            services.grant_role(
                user,
                actor=request.user,
                role=form.cleaned_data["role"],
                region=form.cleaned_data["region"],
                starts_on=form.cleaned_data["starts_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("accounts_bo:user_detail", pk=user.pk)
    return _user_page(request, user, form, status=400)


@require_POST
@backoffice_required
def role_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    _require_user_manager(request)
    user = get_object_or_404(policies.visible_users(request.user), pk=pk)
    assignment = get_object_or_404(user.role_assignments.all(), pk=assignment_pk)
    try:
        services.end_role(assignment, actor=request.user, reason=request.POST.get("reason", "")[:300])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role was ended."))
    return redirect("accounts_bo:user_detail", pk=user.pk)
