"""The loader turns rows into scoring inputs in a fixed number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import names
from evaluations.models import Entry, Evidence
from evaluations.scores.loader import cycle_score, forget_instruments, load_cycle_data
from indicators.models import Question
from kla.wilayah.models import Region
from tests import factories


def count_queries(cycle, *, instrument_seen: bool = False) -> int:
    if not instrument_seen:
        forget_instruments()
    with CaptureQueriesContext(connection) as queries:
        load_cycle_data(cycle)
    return len(queries)


def test_query_count_is_the_same_for_one_and_six_kecamatan(db, instrument):
    city = factories.other_city(code="36.72", name="Kota Satu", kecamatan=1)
    one = factories.make_cycle(city=city, instrument=instrument)
    serang = factories.kota_serang()
    six = factories.make_cycle(city=serang, instrument=instrument)
    Entry.objects.filter(cycle=six, question__kind="percentage").update(
        numerator=5, denominator=10, status="submitted"
    )
    assert Region.objects.kecamatan_of(serang).count() == 6
    assert count_queries(one) == count_queries(six) == 11
    # The instrument's seven queries only the first time the process sees it (never edited
    # once used): then the kecamatan, the documents, the entries and the assignments.
    assert count_queries(one, instrument_seen=True) == count_queries(six, instrument_seen=True) == 4


def test_an_instrument_edited_before_use_is_read_again(db, instrument):
    """An instrument may be edited in the admin until a cycle uses it: a save of any of its
    rows in this process forgets what was kept of it."""
    city = factories.other_city(code="36.72", name="Kota Satu", kecamatan=1)
    cycle = factories.make_cycle(city=city, instrument=instrument)
    question = Question.objects.of_instrument(instrument).first()

    def points() -> Decimal:
        spec = load_cycle_data(cycle).spec
        return next(q.points for q in spec.questions if q.code == question.code)

    before = points()
    question.points += 1
    question.save()
    assert points() == before + 1


def test_entries_become_answers_per_unit(kota_serang, instrument, admin_dp3akb):
    cycle = factories.make_cycle(city=kota_serang, instrument=instrument)
    entry = Entry.objects.get(cycle=cycle, question__code="III-12.1", unit__code="36.73.01")
    entry.numerator, entry.denominator, entry.status = 90, 100, "verified"
    entry.save()
    kota_entry = Entry.objects.get(cycle=cycle, question__code="KL-01.2")
    requirement = kota_entry.question.documents.first()
    Evidence.objects.create(
        entry=kota_entry,
        requirement=requirement,
        title="DPA",
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=admin_dp3akb,
    )
    data = load_cycle_data(cycle)
    answer = data.answers["III-12.1"]["36.73.01"]
    assert (answer.numerator, answer.denominator, answer.status) == (
        Decimal(90),
        Decimal(100),
        "verified",
    )
    assert set(data.answers["KL-01.2"]) == {names.KOTA}
    assert data.answers["KL-01.2"][names.KOTA].documents == {requirement.code}
    assert len(data.kecamatan) == 6
    assert data.questions["III-12.1"].opd_code == "DINKES"


def test_empty_cycle_scores_zero_and_no_tier(kota_serang, instrument):
    cycle = factories.make_cycle(city=kota_serang, instrument=instrument)
    score = cycle_score(cycle, "claimed")
    assert score.total == Decimal("0.00")
    assert score.tier is None
    assert score.next_tier.code == "pratama"
    assert score.gap == Decimal(500)
    assert sum(c.max_points for c in score.clusters) == Decimal(1000)


def test_documents_are_read_by_the_cycles_entry_ids_not_through_a_join(
    kota_serang, instrument, admin_dp3akb
):
    """Joined on the entry's cycle, PostgreSQL chose to read every city's evidence (a scan of
    the whole table, another city's file here) for one cycle's files; by the entry ids it
    reads only those."""
    cycle = factories.make_cycle(city=kota_serang, instrument=instrument)
    other = factories.make_cycle(
        city=factories.other_city(code="36.72", name="Kota Satu", kecamatan=1),
        instrument=instrument,
    )
    for each in (cycle, other):
        entry = Entry.objects.get(cycle=each, question__code="KL-01.2")
        Evidence.objects.create(
            entry=entry,
            requirement=entry.question.documents.first(),
            title="DPA",
            file=f"{each.pk}.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=admin_dp3akb,
        )

    with CaptureQueriesContext(connection) as queries:
        data = load_cycle_data(cycle)

    (documents,) = [q["sql"] for q in queries if 'FROM "evaluations_evidence"' in q["sql"]]
    assert '"evaluations_entry"' not in documents
    # One array parameter on PostgreSQL (kla/lookups.py), an IN list on SQLite.
    by_ids = " = ANY(" if connection.vendor == "postgresql" else " IN ("
    assert f'"evaluations_evidence"."entry_id"{by_ids}' in documents
    requirement = Entry.objects.get(cycle=cycle, question__code="KL-01.2").question.documents
    assert data.answers["KL-01.2"][names.KOTA].documents == {requirement.first().code}
