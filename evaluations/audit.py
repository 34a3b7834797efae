"""The audit trail: one record per change, written by services inside their transaction."""

from decimal import Decimal

from .models import AuditRecord, Cycle, Entry


def plain(value):
    """JSON-safe form of a field value (Decimal as string, model as its str)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields that changed."""
    return {
        field: [plain(before.get(field)), plain(after.get(field))]
        for field in after
        if plain(before.get(field)) != plain(after.get(field))
    }


def record(
    *,
    cycle: Cycle,
    actor,
    action: AuditRecord.Action,
    entry: Entry | None = None,
    changes: dict | None = None,
    note: str = "",
) -> AuditRecord:
    return AuditRecord.objects.create(
        cycle=cycle, entry=entry, actor=actor, action=action, changes=changes or {}, note=note
    )
