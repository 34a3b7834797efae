"""Django admin for evaluation data. Entries, evidence and the audit trail are read-only here:
they change only through the services (with their checks and audit records)."""

from django.contrib import admin

from .models import (
    Assignment,
    AuditRecord,
    Cycle,
    Entry,
    Evidence,
    OfficialResult,
    Reopening,
    ScoreSnapshot,
    Stage,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kabupaten", "instrument"]
    list_filter = ["kabupaten", "year"]
    raw_id_fields = ["kabupaten"]
    inlines = [StageInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["cycle", "question", "opd"]
    list_filter = ["cycle", "opd"]
    raw_id_fields = ["question"]


@admin.register(OfficialResult)
class OfficialResultAdmin(admin.ModelAdmin):
    list_display = ["cycle", "stage", "total", "tier_code", "entered_by", "entered_at"]
    list_filter = ["stage"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible for inspection; never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["question", "unit", "cycle", "status", "version", "updated_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["question__code", "unit__name"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "entry", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "original_name", "sha256"]


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "cycle", "entry"]
    list_filter = ["action", "cycle"]


@admin.register(Reopening)
class ReopeningAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "until", "by", "at"]


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "track", "total", "tier_name", "computed_at"]
