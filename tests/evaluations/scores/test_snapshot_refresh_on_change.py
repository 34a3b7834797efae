"""Stored scores follow the entries: every state change refreshes the cycle's snapshots."""

from decimal import Decimal

from evaluations.models import Entry, ScoreSnapshot
from evaluations.scores.loader import cycle_score
from evaluations.services.entries import save_entry, submit_entry, verify_entry
from tests import factories


def test_submit_and_verify_refresh_the_snapshots(
    kota_serang, instrument, operator_dinkes, verifikator, django_capture_on_commit_callbacks
):
    cycle = factories.make_cycle(city=kota_serang, instrument=instrument)
    entry = Entry.objects.get(cycle=cycle, question__code="III-12.1", unit__code="36.73.01")
    with django_capture_on_commit_callbacks(execute=True):
        entry = save_entry(
            entry,
            user=operator_dinkes,
            values={"numerator": Decimal(95), "denominator": Decimal(100)},
            version=entry.version,
        )
    projection = ScoreSnapshot.objects.get(cycle=cycle, track="projection")
    assert projection.total == cycle_score(cycle, "projection").total > 0
    assert ScoreSnapshot.objects.get(cycle=cycle, track="claimed").total == 0

    for requirement in entry.question.documents.all():
        factories.add_evidence(entry, requirement=requirement, by=operator_dinkes)
    with django_capture_on_commit_callbacks(execute=True):
        submit_entry(entry, user=operator_dinkes)
    claimed = ScoreSnapshot.objects.get(cycle=cycle, track="claimed")
    assert claimed.total == cycle_score(cycle, "claimed").total > 0
    assert ScoreSnapshot.objects.get(cycle=cycle, track="verified").total == 0

    with django_capture_on_commit_callbacks(execute=True):
        verify_entry(Entry.objects.get(pk=entry.pk), user=verifikator)
    verified = ScoreSnapshot.objects.get(cycle=cycle, track="verified")
    assert verified.total == claimed.total == cycle_score(cycle, "verified").total
