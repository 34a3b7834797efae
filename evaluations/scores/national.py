"""Scoring many cycles at once (every city of a province or of the nation) in a few set-based
queries: each instrument is loaded once, however many cycles use it; the entries and the
documents that can count (those of existence answers) are streamed in two queries ordered by
cycle, and each cycle is scored as soon as its rows are read (memory stays that of one cycle,
not of the nation).

What the page loader (``loader.load_cycle_data``) reads for one cycle in eleven queries, this
reads for all cycles in 3 + 6 per instrument; the rules are the same engine (``scoring``).
The kecamatan index is left out (``with_index=False``): nothing that scores many cycles shows it
(stored snapshots keep totals, tiers and clusters).
"""

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter

from kla.wilayah.models import Region

from .. import names
from ..models import Cycle, Entry, Evidence
from . import scoring
from .loader import instrument_spec, question_codes

CHUNK = 5000


def _documents(cycle_ids) -> Iterator[tuple[int, int, str]]:
    # Only an existence answer's documents can change a score (scoring.existence_fraction):
    # the rest, nineteen in twenty of the nation's documents, are not read.
    # Current documents only, as the page loader reads them (not replaced, not withdrawn).
    rows = Evidence.objects.current().filter(
        requirement__isnull=False, entry__question__kind=names.EXISTENCE
    )
    if cycle_ids is not None:
        rows = rows.filter(entry__cycle_id__in=cycle_ids)
    return (
        rows.order_by("entry__cycle_id")
        .values_list("entry__cycle_id", "entry_id", "requirement__code")
        .iterator(chunk_size=CHUNK)
    )


def _entries(cycle_ids) -> Iterator[tuple]:
    rows = Entry.objects.all()
    if cycle_ids is not None:
        rows = rows.filter(cycle_id__in=cycle_ids)
    return (
        rows.order_by("cycle_id")
        .values_list(
            "cycle_id",
            "id",
            "question_id",
            "unit_id",
            "status",
            "option__share",
            "numerator",
            "denominator",
            "yes",
        )
        .iterator(chunk_size=CHUNK)
    )


def score_all_cycles(
    tracks: tuple[str, ...] = names.TRACKS, cycles: Iterable[Cycle] | None = None
) -> dict[int, dict[str, scoring.CycleScore]]:
    """{cycle id: {track: score}} for ``cycles`` (default: every cycle)."""
    chosen = list(cycles) if cycles is not None else list(Cycle.objects.all())
    cycle_ids = None if cycles is None else [c.pk for c in chosen]
    by_id = {c.pk: c for c in chosen}
    specs, codes = {}, {}
    for instrument_id in {c.instrument_id for c in chosen}:
        instrument = chosen[[c.instrument_id for c in chosen].index(instrument_id)].instrument
        specs[instrument_id] = instrument_spec(instrument)
        codes[instrument_id] = question_codes(instrument)
    kecamatan: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, code, parent_id in (
        Region.objects.filter(level=Region.Level.KECAMATAN)
        .order_by("code")
        .values_list("pk", "code", "parent_id")
        .iterator(chunk_size=CHUNK)
    ):
        kecamatan[parent_id].append((pk, code))
    scores = {}
    with _collector_paused():
        for cycle_id, rows, attached in _by_cycle(_entries(cycle_ids), _documents(cycle_ids)):
            cycle = by_id[cycle_id]
            units = dict(kecamatan[cycle.kabupaten_id])
            answers = _answers(rows, codes[cycle.instrument_id], units, attached)
            spec = specs[cycle.instrument_id]
            order = tuple(code for _pk, code in kecamatan[cycle.kabupaten_id])
            scores[cycle_id] = scoring.score_tracks(spec, answers, order, tracks, with_index=False)
    return scores


def _by_cycle(entries: Iterable[tuple], documents: Iterable[tuple]) -> Iterator[tuple]:
    """(cycle id, its entry rows, {entry id: its document codes}) from the two streams, both
    ordered by cycle: the documents of a cycle are read just before its entries."""
    pending = groupby(documents, key=itemgetter(0))
    next_documents = next(pending, None)
    for cycle_id, rows in groupby(entries, key=itemgetter(0)):
        while next_documents is not None and next_documents[0] < cycle_id:
            next_documents = next(pending, None)
        attached = defaultdict(set)
        if next_documents is not None and next_documents[0] == cycle_id:
            for _cycle, entry_id, code in next_documents[1]:
                attached[entry_id].add(code)
        yield cycle_id, rows, attached


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Scoring the nation makes a million short-lived plain values (answers, scores) and none of
    them refer back to each other, so the cyclic garbage collector finds nothing; yet each of its
    full passes walks the growing result again, a third of the time on the generated nation.
    Reference counting still frees every value; the collector is on again after (even on error)
    unless it was already off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _answers(rows, codes: dict[int, str], kecamatan: dict[int, str], attached) -> dict:
    answers: dict[str, dict[str, scoring.Answer]] = defaultdict(dict)
    for _cycle, pk, question_id, unit_id, status, share, num, den, yes in rows:
        unit = kecamatan.get(unit_id, names.KOTA)
        answers[codes[question_id]][unit] = scoring.Answer(
            unit=unit,
            status=status,
            option_share=share,
            numerator=num,
            denominator=den,
            yes=yes,
            documents=frozenset(attached.get(pk, ())),
        )
    return answers
