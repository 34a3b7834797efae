"""Creating a cycle and reopening its entry window."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indicators.models import Instrument, Question
from kla.organisations.models import Opd
from kla.wilayah.models import Region

from .. import audit
from ..errors import DomainError
from ..models import Assignment, AuditRecord, Cycle, Entry, Reopening, Stage


class DuplicateCycle(DomainError):
    """The city already has a cycle for that year (often: the same form sent twice)."""

    def __init__(self, cycle: Cycle):
        super().__init__(
            _("Siklus %(year)s untuk %(city)s sudah ada.")
            % {"year": cycle.year, "city": cycle.kabupaten.name}
        )
        self.cycle = cycle


@transaction.atomic
def create_cycle(
    *,
    kabupaten,
    year: int,
    instrument: Instrument,
    stages: dict[str, tuple[datetime.date, datetime.date]],
    by,
    name: str = "",
) -> Cycle:
    """Create a cycle with its stage windows and one assignment per question.

    Each question goes to the OPD it was assigned to in the city's previous cycle (same
    question code), else to the instrument's responsible OPD.

    A double submit is answered with ``DuplicateCycle`` naming the existing cycle, never an
    IntegrityError: creations for one city wait for each other on the city's row lock.
    """
    Region.objects.select_for_update().filter(pk=kabupaten.pk).first()
    existing = Cycle.objects.filter(kabupaten=kabupaten, year=year).first()
    if existing is not None:
        raise DuplicateCycle(existing)
    for kind, (starts, ends) in stages.items():
        if ends < starts:
            label = Stage.Kind(kind).label
            raise DomainError(
                _("Tahap %(stage)s: tanggal selesai sebelum tanggal mulai.") % {"stage": label}
            )
    try:
        with transaction.atomic():  # a database without row locks: the unique constraint
            cycle = Cycle.objects.create(
                kabupaten=kabupaten, year=year, instrument=instrument, name=name or f"KLA {year}"
            )
    except IntegrityError:
        raise DuplicateCycle(Cycle.objects.get(kabupaten=kabupaten, year=year)) from None
    Stage.objects.bulk_create(
        Stage(cycle=cycle, kind=kind, starts_on=starts, ends_on=ends)
        for kind, (starts, ends) in stages.items()
    )
    Assignment.objects.bulk_create(default_assignments(cycle))
    Entry.objects.bulk_create(empty_entries(cycle))
    audit.record(cycle=cycle, actor=by, action=AuditRecord.Action.CYCLE_CREATED, note=cycle.name)
    return cycle


def default_assignments(cycle: Cycle) -> list[Assignment]:
    opds = {opd.code: opd for opd in Opd.objects.of_city(cycle.kabupaten)}
    previous = (
        Cycle.objects.filter(kabupaten=cycle.kabupaten, year__lt=cycle.year)
        .order_by("-year")
        .first()
    )
    carried = {}
    if previous is not None:
        carried = dict(previous.assignments.values_list("question__code", "opd_id"))
    missing = set()
    assignments = []
    for question in Question.objects.of_instrument(cycle.instrument):
        opd_id = carried.get(question.code)
        if opd_id is None:
            opd = opds.get(question.default_opd_code)
            if opd is None:
                missing.add(question.default_opd_code)
                continue
            opd_id = opd.id
        assignments.append(Assignment(cycle=cycle, question=question, opd_id=opd_id))
    if missing:
        raise DomainError(
            _("OPD berikut belum terdaftar untuk kabupaten/kota ini: %(codes)s")
            % {"codes": ", ".join(sorted(missing))}
        )
    return assignments


def empty_entries(cycle: Cycle) -> list[Entry]:
    """One entry per question and unit, so worklists and progress can count what is empty."""
    kecamatan = list(Region.objects.kecamatan_of(cycle.kabupaten))
    entries = []
    for question in Question.objects.of_instrument(cycle.instrument):
        units = kecamatan if question.is_per_kecamatan else [cycle.kabupaten]
        entries.extend(Entry(cycle=cycle, question=question, unit=unit) for unit in units)
    return entries


@transaction.atomic
def reopen_entry(*, cycle: Cycle, until: datetime.date, reason: str, by) -> Reopening:
    """Open entry again after its window, until ``until``; the reason is kept on record."""
    if not reason.strip():
        raise DomainError(_("Alasan membuka kembali wajib diisi."))
    reopening = Reopening.objects.create(cycle=cycle, until=until, reason=reason.strip(), by=by)
    audit.record(
        cycle=cycle,
        actor=by,
        action=AuditRecord.Action.ENTRY_REOPENED,
        changes={"until": [None, until.isoformat()]},
        note=reason.strip(),
    )
    return reopening


def stage_label(starts: datetime.date, ends: datetime.date) -> str:
    return f"{starts:%d-%m-%Y} – {ends:%d-%m-%Y}"


@transaction.atomic
def update_stage_dates(
    cycle: Cycle, stages: dict[str, tuple[datetime.date, datetime.date]], *, by
) -> dict[str, list]:
    """Change stage windows; the audit record keeps each changed window's old and new dates.

    Returns ``{kind: [old, new]}`` for the windows that changed (empty when nothing did).
    """
    for kind, (starts, ends) in stages.items():
        if ends < starts:
            label = Stage.Kind(kind).label
            raise DomainError(
                _("Tahap %(stage)s: tanggal selesai sebelum tanggal mulai.") % {"stage": label}
            )
    existing = {stage.kind: stage for stage in cycle.stages.select_for_update()}
    changes = {}
    for kind, (starts, ends) in stages.items():
        stage = existing.get(kind)
        if stage is None:
            Stage.objects.create(cycle=cycle, kind=kind, starts_on=starts, ends_on=ends)
            changes[kind] = [None, stage_label(starts, ends)]
        elif (stage.starts_on, stage.ends_on) != (starts, ends):
            changes[kind] = [stage_label(stage.starts_on, stage.ends_on), stage_label(starts, ends)]
            stage.starts_on, stage.ends_on = starts, ends
            stage.save(update_fields=["starts_on", "ends_on"])
    if changes:
        audit.record(
            cycle=cycle, actor=by, action=AuditRecord.Action.STAGE_DATES_CHANGED, changes=changes
        )
    cycle.__dict__.pop("stage_by_kind", None)  # the cached windows are stale now
    return changes


@transaction.atomic
def reassign_question(cycle: Cycle, question: Question, opd: Opd, *, by) -> Assignment:
    """Give a question of the cycle to another OPD of the same kabupaten/kota (audited)."""
    if opd.kabupaten_id != cycle.kabupaten_id:
        raise DomainError(_("OPD harus dari kabupaten/kota siklus ini."))
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("opd")
        .filter(cycle=cycle, question=question)
        .first()
    )
    if assignment is None:
        raise DomainError(
            _("Pertanyaan %(code)s tidak termasuk siklus %(cycle)s.")
            % {"code": question.code, "cycle": cycle.name}
        )
    if assignment.opd_id == opd.id:
        raise DomainError(
            _("Pertanyaan %(code)s sudah ditugaskan ke %(opd)s.")
            % {"code": question.code, "opd": opd.code}
        )
    old = assignment.opd.code
    assignment.opd = opd
    assignment.save(update_fields=["opd"])
    audit.record(
        cycle=cycle,
        actor=by,
        action=AuditRecord.Action.ASSIGNMENT_CHANGED,
        changes={"opd": [old, opd.code]},
        note=question.code,
    )
    return assignment
