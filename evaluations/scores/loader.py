"""Load what a cycle's score needs from the database, in a fixed number of queries.

The rules live in ``scoring.py`` (pure); this module only turns rows into its plain inputs.
The query count does not grow with the number of questions, kecamatan or entries (pinned by
tests/evaluations/scores/test_loader.py).
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators.models import (
    AnswerOption,
    Cluster,
    DocumentRequirement,
    Indicator,
    PercentageBand,
    Question,
)
from kla.lookups import AnyOf
from kla.wilayah.models import Region

from .. import names
from ..models import Assignment, Cycle, Entry, Evidence
from . import scoring


@dataclass(frozen=True)
class QuestionInfo:
    """What pages need to explain a question beside its score."""

    pk: int
    code: str
    text: str
    kind: str
    level: str
    indicator_code: str
    indicator_name: str
    opd_code: str
    opd_name: str
    documents: dict[str, str]  # requirement code → name


@dataclass(frozen=True)
class CycleData:
    cycle: Cycle
    spec: scoring.InstrumentSpec
    answers: dict[str, dict[str, scoring.Answer]]
    kecamatan: tuple[str, ...]
    kecamatan_names: dict[str, str]
    questions: dict[str, QuestionInfo]
    entry_ids: dict[tuple[str, str], int] = field(default_factory=dict)  # (question, unit) → pk

    def score(self, track: str) -> scoring.CycleScore:
        return scoring.score_cycle(self.spec, self.answers, self.kecamatan, track)

    def unit_name(self, unit: str) -> str:
        return self.cycle.kabupaten.name if unit == names.KOTA else self.kecamatan_names[unit]


def load_cycle_data(cycle: Cycle) -> CycleData:
    """Everything scoring needs for ``cycle`` (expects ``cycle.kabupaten`` to be loaded)."""
    questions, requirements, spec = instrument_parts(cycle.instrument)
    kecamatan = dict(Region.objects.kecamatan_of(cycle.kabupaten).values_list("code", "name"))
    answers, entry_ids = _answers(cycle, {q.pk: q.code for q in questions})
    return CycleData(
        cycle=cycle,
        spec=spec,
        answers=answers,
        kecamatan=tuple(kecamatan),
        kecamatan_names=kecamatan,
        questions=_question_info(cycle, questions, requirements),
        entry_ids=entry_ids,
    )


# An instrument is never edited once a cycle uses it (indicators/admin.py FrozenWhenUsed;
# replacing one imports a new instrument), so what the loader reads of it is kept per process:
# (pk, created_at) → (questions, requirements, spec). A save or delete of any indicators row in
# this process empties it (an instrument not yet in use may be edited in the admin).
_instruments: dict[tuple, tuple] = {}
_instruments_lock = threading.Lock()
INSTRUMENTS_KEPT = 16


def instrument_parts(instrument) -> tuple[list[Question], dict, scoring.InstrumentSpec]:
    """The instrument's questions, required documents and engine spec: seven queries the first
    time this process sees the instrument, none after."""
    key = (instrument.pk, instrument.created_at)
    found = _instruments.get(key)
    if found is None:
        questions = list(
            Question.objects.of_instrument(instrument).select_related("indicator__cluster")
        )
        requirements = _requirements(instrument)
        found = (questions, requirements, _instrument_spec(instrument, questions, requirements))
        with _instruments_lock:
            if len(_instruments) >= INSTRUMENTS_KEPT:
                _instruments.clear()
            _instruments[key] = found
    return found


@receiver([post_save, post_delete])
def _forget_instruments(sender, **kwargs) -> None:
    if sender._meta.app_label == "indicators":
        forget_instruments()
        # Again once the change is visible: another thread may have kept the old rows meanwhile.
        transaction.on_commit(forget_instruments)


def forget_instruments() -> None:
    with _instruments_lock:
        _instruments.clear()


def instrument_spec(instrument) -> scoring.InstrumentSpec:
    """The engine's view of an instrument alone (no cycle)."""
    return instrument_parts(instrument)[2]


def question_codes(instrument) -> dict[int, str]:
    """{question id: code} of an instrument (one query)."""
    return dict(Question.objects.of_instrument(instrument).values_list("pk", "code"))


def _requirements(instrument) -> dict[int, dict[str, str]]:
    """Required documents per question id: {code: name}."""
    documents: dict[int, dict[str, str]] = defaultdict(dict)
    for question_id, code, name in DocumentRequirement.objects.filter(
        question__indicator__cluster__instrument=instrument
    ).values_list("question_id", "code", "name"):
        documents[question_id][code] = name
    return documents


def _instrument_spec(instrument, questions: list[Question], requirements) -> scoring.InstrumentSpec:
    best_share = dict(
        AnswerOption.objects.filter(question__in=[q.pk for q in questions])
        .values("question_id")
        .annotate(best=Max("share"))
        .values_list("question_id", "best")
    )
    bands = defaultdict(list)
    for band in PercentageBand.objects.filter(question__indicator__cluster__instrument=instrument):
        bands[band.question_id].append(scoring.Band(band.threshold, band.fraction))
    return scoring.InstrumentSpec(
        clusters=tuple(
            scoring.ClusterSpec(c.code, c.name)
            for c in Cluster.objects.filter(instrument=instrument)
        ),
        indicators=tuple(
            scoring.IndicatorSpec(i.code, i.name, i.cluster.code)
            for i in Indicator.objects.filter(cluster__instrument=instrument).select_related(
                "cluster"
            )
        ),
        questions=tuple(
            _question_spec(q, frozenset(requirements[q.pk]), best_share.get(q.pk), bands[q.pk])
            for q in questions
        ),
        tiers=tuple(scoring.Tier(t.code, t.name, t.min_score) for t in instrument.tiers.all()),
        max_score=instrument.max_score,
    )


def _question_spec(q: Question, required, best_share, bands) -> scoring.QuestionSpec:
    rule = None
    if q.kind == Question.Kind.PERCENTAGE:
        rule = scoring.PercentageRule(q.direction, q.floor, q.target, tuple(bands))
    return scoring.QuestionSpec(
        code=q.code,
        indicator_code=q.indicator.code,
        cluster_code=q.indicator.cluster.code,
        points=q.points,
        kind=q.kind,
        level=q.level,
        rule=rule,
        required_documents=required,
        best_option_share=best_share if best_share is not None else Decimal(1),
    )


def _answers(cycle: Cycle, codes: dict[int, str]):
    rows = list(
        Entry.objects.filter(cycle=cycle).values_list(
            "id",
            "question_id",
            "unit__code",
            "unit__level",
            "status",
            "option__share",
            "numerator",
            "denominator",
            "yes",
        )
    )
    documents = defaultdict(set)
    # By the cycle's entry ids (an index scan), not through a join on the entry's cycle: joined,
    # PostgreSQL read every city's evidence (a sequential scan of the whole table, ~5 ms for
    # the demo's 17,000 files) for one cycle's few hundred, on every load of a cycle. The ids
    # go as one array (kla/lookups.py), not one parameter each.
    for entry_id, code in (
        Evidence.objects.current()
        .filter(AnyOf(F("entry_id"), [row[0] for row in rows]), requirement__isnull=False)
        .order_by()
        .values_list("entry_id", "requirement__code")
    ):
        documents[entry_id].add(code)
    answers: dict[str, dict[str, scoring.Answer]] = defaultdict(dict)
    entry_ids = {}
    for pk, question_id, unit_code, level, status, share, num, den, yes in rows:
        unit = names.KOTA if level == Region.Level.KABUPATEN_KOTA else unit_code
        code = codes[question_id]
        answers[code][unit] = scoring.Answer(
            unit=unit,
            status=status,
            option_share=share,
            numerator=num,
            denominator=den,
            yes=yes,
            documents=frozenset(documents[pk]),
        )
        entry_ids[(code, unit)] = pk
    return dict(answers), entry_ids


def _question_info(
    cycle: Cycle, questions: list[Question], requirements
) -> dict[str, QuestionInfo]:
    assigned = {
        question_id: (code, name)
        for question_id, code, name in Assignment.objects.filter(cycle=cycle).values_list(
            "question_id", "opd__code", "opd__name"
        )
    }
    return {
        q.code: QuestionInfo(
            pk=q.pk,
            code=q.code,
            text=q.text,
            kind=q.kind,
            level=q.level,
            indicator_code=q.indicator.code,
            indicator_name=q.indicator.name,
            opd_code=assigned.get(q.pk, (q.default_opd_code, ""))[0],
            opd_name=assigned.get(q.pk, ("", ""))[1],
            documents=requirements[q.pk],
        )
        for q in questions
    }


def cycle_score(cycle: Cycle, track: str) -> scoring.CycleScore:
    return load_cycle_data(cycle).score(track)
