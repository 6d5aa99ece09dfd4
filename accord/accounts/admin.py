"""Technical admin for accounts. Roles are granted in the back office, where the rules apply."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, SecondFactorEvent, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "preferred_language", "person")}),
        (_("Technical permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "second_factor")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    raw_id_fields = ("person",)
    readonly_fields = ("second_factor",)
    filter_horizontal = ()
    list_filter = ("is_active", "is_staff", "is_superuser")

    @admin.display(description=_("Second factor"))
    def second_factor(self, obj: User) -> str:
        """A link to the reset page (a reason required, the owner emailed), not a delete of devices here."""
        if obj.pk is None:
            return "—"
        url = reverse("accounts_bo:second_factor_reset", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Reset the second factor"))


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "region", "starts_on", "ends_on")
    list_filter = ("role", "region")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(admin.ModelAdmin):
    """Read-only: the record of second factors added and removed."""

    list_display = ("at", "user", "kind", "device_name", "actor")
    list_filter = ("kind",)
    search_fields = ("user__email",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Second factors are not edited in /admin/: django-otp's pages would let a technical
# administrator delete someone's device without a reason or a trace, add one for them, or read
# an authenticator app's secret. A lost device is reset on the recorded reset page (a reason,
# the owner emailed, SecondFactorEvent), linked from the user's admin page.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
