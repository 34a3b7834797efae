"""Official results (self-assessment as sent, after the province's check, final), entered by
Admin KLA so that past years appear beside the tracker's own figures."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit
from ..errors import DomainError
from ..models import AuditRecord, Cycle, OfficialResult


def _check(cycle: Cycle, stage: str, total: Decimal | None, tier_code: str) -> None:
    if stage not in OfficialResult.Stage.values:
        raise DomainError(_("Tahap hasil resmi tidak dikenal: %(stage)s.") % {"stage": stage})
    if total is None and not tier_code:
        raise DomainError(_("Isi skor, predikat, atau keduanya."))
    maximum = cycle.instrument.max_score
    if total is not None and not Decimal(0) <= total <= maximum:
        raise DomainError(
            _("Skor harus antara 0 dan %(max)s (skor maksimum instrumen).") % {"max": maximum}
        )
    if tier_code and not cycle.instrument.tiers.filter(code=tier_code).exists():
        raise DomainError(
            _("Predikat “%(code)s” tidak ada di instrumen siklus ini.") % {"code": tier_code}
        )


@transaction.atomic
def record_official_result(
    cycle: Cycle, stage: str, *, total: Decimal | None, tier_code: str, note: str, by
) -> OfficialResult:
    """Create or replace the result of one stage; the audit keeps the old and new values.

    Results of one cycle are recorded one at a time (the cycle's row lock): a form sent twice
    at once finds the first one's row and changes nothing, instead of an IntegrityError.
    """
    tier_code = (tier_code or "").strip()
    note = (note or "").strip()
    _check(cycle, stage, total, tier_code)
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    result = OfficialResult.objects.select_for_update().filter(cycle=cycle, stage=stage).first()
    before = {} if result is None else _values(result)
    if result is None:
        result = OfficialResult(cycle=cycle, stage=stage)
    result.total, result.tier_code, result.note, result.entered_by = total, tier_code, note, by
    changes = audit.diff(before, _values(result))
    if changes:
        result.save()
        audit.record(
            cycle=cycle,
            actor=by,
            action=AuditRecord.Action.OFFICIAL_RESULT_RECORDED,
            changes=changes,
            note=str(OfficialResult.Stage(stage).label),
        )
    return result


def _values(result: OfficialResult) -> dict:
    return {"total": result.total, "tier_code": result.tier_code, "note": result.note}
