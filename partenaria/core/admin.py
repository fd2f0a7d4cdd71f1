"""The admin site is for superusers only (issue 2 item 9); the audit trail there is read-only."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AccessRecord, AuditEvent


def superusers_only(request) -> bool:
    """Replaces AdminSite.has_permission: staff status alone no longer opens the admin."""
    return request.user.is_active and request.user.is_superuser


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the e-mail address and password of an administrator of the platform."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


# The project keeps Django's default site (settings list "django.contrib.admin"); it is narrowed
# here, where every app's admin module is imported, rather than replaced.
admin.site.has_permission = superusers_only
admin.site.login_form = SuperuserAuthenticationForm
admin.site.site_header = _("Partenaria administration")
admin.site.site_title = _("Partenaria administration")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_label"]
    date_hierarchy = "at"
    list_select_related = ["target_type"]


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "reader_label", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["reader_label", "target_label"]
    date_hierarchy = "at"
    list_select_related = ["target_type"]
