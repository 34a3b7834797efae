from django.contrib import admin

from .models import Opd


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kabupaten"]
    list_filter = ["kabupaten"]
    search_fields = ["code", "name"]
    raw_id_fields = ["kabupaten"]
