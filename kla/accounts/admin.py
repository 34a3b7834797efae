"""Users in the Django admin: for the platform's superusers only (the whole admin is, see
kla/admin_site.py). A city user cannot be made staff or superuser there either (User.clean).
City admins manage their users on /akun/pengguna/."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kla.admin_site import ReadOnlyAdmin

from .models import AccountRecord, User


@admin.register(User)
class KlaUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "kabupaten", "provinsi", "opd", "is_active"]
    list_filter = ["role", "kabupaten", "opd", "is_active", "is_superuser"]
    raw_id_fields = ["kabupaten", "provinsi"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Peran KLA"), {"fields": ("role", "kabupaten", "provinsi", "opd", "position")}),
        (_("Kata sandi sementara"), {"fields": ("must_change_password",)}),
    )


@admin.register(AccountRecord)
class AccountRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "user", "kabupaten"]
    list_filter = ["action", "kabupaten"]
