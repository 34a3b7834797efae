"""The province's check of a city's cycle (verifikasi administrasi, docs/province-verification.md).

In the cycle's *verifikasi provinsi* window the Verifikator provinsi of the city's provinsi
marks each indicator *lengkap* or *perlu perbaikan* (with a note the city reads), then accepts
the city's result: the verified total and tier at that moment, recorded as the official result
of the stage "provinsi". Every change is audited; the city's Admin KLA get an in-app notice
after commit.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Indicator
from kla.accounts.models import Role, User

from .. import audit, names
from ..errors import DomainError
from ..models import AuditRecord, Cycle, IndicatorReview, Notification, OfficialResult, Stage
from ..scores.loader import load_cycle_data
from .official_results import record_official_result
from .side_effects import after_commit

NOTE_MAX = 2000


def province_window(cycle: Cycle) -> Stage | None:
    return cycle.stage_by_kind.get(Stage.Kind.VERIFIKASI_PROVINSI)


def window_open(cycle: Cycle, day: datetime.date) -> bool:
    window = province_window(cycle)
    return window is not None and window.starts_on <= day <= window.ends_on


def _check_reviewer(cycle: Cycle, user) -> None:
    if user.role != Role.VERIFIKATOR_PROVINSI or user.provinsi_id is None:
        raise DomainError(_("Hanya Verifikator provinsi yang dapat memverifikasi."))
    if cycle.kabupaten.parent_id != user.provinsi_id:
        raise DomainError(_("Kabupaten/kota ini bukan bagian dari provinsi Anda."))
    if not window_open(cycle, timezone.localdate()):
        window = province_window(cycle)
        if window is None:
            raise DomainError(_("Siklus ini belum punya jadwal verifikasi provinsi."))
        raise DomainError(
            _("Di luar jadwal verifikasi provinsi (%(start)s s.d. %(end)s).")
            % {"start": f"{window.starts_on:%d-%m-%Y}", "end": f"{window.ends_on:%d-%m-%Y}"}
        )


@transaction.atomic
def mark_indicator(
    cycle: Cycle, indicator: Indicator, *, state: str, note: str, by
) -> IndicatorReview:
    """Mark one indicator; *perlu perbaikan* needs a note saying what to repair."""
    note = (note or "").strip()
    _check_reviewer(cycle, by)
    if indicator.cluster.instrument_id != cycle.instrument_id:
        raise DomainError(_("Indikator ini tidak termasuk instrumen siklus."))
    if state not in IndicatorReview.State.values:
        raise DomainError(_("Pilih lengkap atau perlu perbaikan."))
    if state == IndicatorReview.State.NEEDS_REPAIR and not note:
        raise DomainError(_("Tulis catatan: apa yang perlu diperbaiki kabupaten/kota."))
    if len(note) > NOTE_MAX:
        raise DomainError(_("Catatan terlalu panjang (maksimum 2000 karakter)."))
    review = (
        IndicatorReview.objects.select_for_update().filter(cycle=cycle, indicator=indicator).first()
    )
    before = {} if review is None else {"state": review.state, "note": review.note}
    review = review or IndicatorReview(cycle=cycle, indicator=indicator)
    review.state, review.note, review.reviewed_by = state, note, by
    changes = audit.diff(before, {"state": state, "note": note})
    if changes:
        review.save()
        audit.record(
            cycle=cycle,
            actor=by,
            action=AuditRecord.Action.PROVINCE_INDICATOR_MARKED,
            changes=changes,
            note=indicator.code,
        )
        message = _("Verifikasi provinsi %(code)s: %(state)s.") % {
            "code": indicator.code,
            "state": review.get_state_display(),
        }
        after_commit(notify_city_admins, cycle, message)
    return review


@transaction.atomic
def accept_province_result(cycle: Cycle, *, by) -> OfficialResult:
    """Record the verified total and tier, as the province accepts them, as the official
    result of the stage "provinsi" (every indicator must be marked first)."""
    cycle = Cycle.objects.select_for_update().select_related("kabupaten").get(pk=cycle.pk)
    _check_reviewer(cycle, by)
    indicators = Indicator.objects.filter(cluster__instrument_id=cycle.instrument_id).count()
    reviews = list(cycle.indicator_reviews.all())
    if len(reviews) < indicators:
        raise DomainError(
            _("Tandai semua indikator dulu: %(done)s dari %(all)s sudah ditandai.")
            % {"done": len(reviews), "all": indicators}
        )
    score = load_cycle_data(cycle).score(names.VERIFIED)
    repairs = sum(r.state == IndicatorReview.State.NEEDS_REPAIR for r in reviews)
    note = _(
        "Diterima %(user)s (verifikasi provinsi): %(complete)s indikator lengkap, "
        "%(repair)s perlu perbaikan."
    ) % {"user": by.display_name, "complete": len(reviews) - repairs, "repair": repairs}
    result = record_official_result(
        cycle,
        OfficialResult.Stage.PROVINCE,
        total=score.total,
        tier_code=score.tier.code if score.tier else "",
        note=note,
        by=by,
    )
    audit.record(
        cycle=cycle,
        actor=by,
        action=AuditRecord.Action.PROVINCE_RESULT_ACCEPTED,
        changes={"total": [None, audit.plain(score.total)], "tier": [None, result.tier_code]},
        note=note,
    )
    after_commit(notify_city_admins, cycle, note)
    return result


def notify_city_admins(cycle: Cycle, message: str) -> None:
    """An in-app notice to the city's Admin KLA (after commit)."""
    admins = User.objects.filter(kabupaten_id=cycle.kabupaten_id, role=Role.ADMIN_KLA)
    Notification.objects.bulk_create(
        Notification(recipient=admin, message=message[:300]) for admin in admins
    )
