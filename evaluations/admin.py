"""Django admin for evaluation data: all of it is audited, so all of it is read-only here.
Cycles, stages, assignments, official results, entries and evidence change only through the
services (with their checks and audit records); the admin lets a platform superuser look."""

from django.contrib import admin

from kla.admin_site import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Assignment,
    AuditRecord,
    Comment,
    Cycle,
    Entry,
    Evidence,
    Notification,
    OfficialResult,
    Reopening,
    ScoreSnapshot,
    Stage,
)


class StageInline(ReadOnlyInline):
    model = Stage


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ["name", "year", "kabupaten", "instrument"]
    list_filter = ["kabupaten", "year"]
    inlines = [StageInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "question", "opd"]
    list_filter = ["cycle", "opd"]


@admin.register(OfficialResult)
class OfficialResultAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "stage", "total", "tier_code", "entered_by", "entered_at"]
    list_filter = ["stage"]


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


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "author", "entry"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
