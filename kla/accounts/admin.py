from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class KlaUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "kabupaten", "provinsi", "opd", "is_active"]
    list_filter = ["role", "kabupaten", "opd", "is_active"]
    raw_id_fields = ["kabupaten", "provinsi"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Peran KLA"), {"fields": ("role", "kabupaten", "provinsi", "opd", "position")}),
    )
