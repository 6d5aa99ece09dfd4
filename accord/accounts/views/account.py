"""The signed-in user's own account: who they are, their password, their second factors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accord.core.forms import apply_service_errors

from .. import policies, selectors, services
from ..forms import SecondFactorRemoveForm


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """My account: my authenticator apps (added, removed), my password."""
    context = {
        "devices": selectors.second_factor_devices(request.user),  # type: ignore[arg-type]
        "required": policies.requires_second_factor(request.user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def second_factor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of my authenticator apps, typing my password again (404 for anyone else's)."""
    device = get_object_or_404(selectors.second_factor_devices(request.user), pk=pk)  # type: ignore[arg-type]
    form = SecondFactorRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_second_factor(device, actor=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The authenticator app is removed."))
            return redirect("accounts:account")
    return render(
        request,
        "accounts/second_factor_remove.html",
        {"device": device, "form": form, "required": policies.requires_second_factor(request.user)},
        status=400 if form.errors else 200,
    )
