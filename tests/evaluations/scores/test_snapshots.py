"""Score snapshots: three tracks from one load, upserted; refreshed on commit and by command."""

import pytest
from django.core.management import call_command
from django.db import transaction

from evaluations import names
from evaluations.models import ScoreSnapshot
from evaluations.scores import scoring, snapshots
from evaluations.scores.loader import load_cycle_data
from kla.formats import angka
from tests.factories import (
    DEMO_CLAIMED_2026,
    DEMO_VERIFIED_2026,
    demo_cycle,
    demo_scores,
    forget_kept,
    make_cycle,
)


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return demo_cycle(kota_serang, by=admin_dp3akb)


def test_three_tracks_from_one_load(demo, monkeypatch):
    from evaluations.scores import cached

    forget_kept()
    calls = []
    real = cached.load_cycle_data
    monkeypatch.setattr(cached, "load_cycle_data", lambda c: calls.append(c) or real(c))
    stored = snapshots.refresh_snapshots(demo)
    assert len(calls) == 1
    assert [s.track for s in stored] == list(names.TRACKS)
    data = load_cycle_data(demo)
    for snapshot in stored:
        score = data.score(snapshot.track)
        assert snapshot.total == score.total
        assert snapshot.tier_code == (score.tier.code if score.tier else "")
        assert snapshot.clusters[0] == {
            "code": "KL",
            "name": "Kelembagaan",
            "earned": str(scoring.round2(score.clusters[0].earned)),
            "max": "200.00",
        }


def test_refresh_updates_in_place(demo):
    first = {s.track: s.pk for s in snapshots.refresh_snapshots(demo)}
    ScoreSnapshot.objects.filter(cycle=demo).update(total=0, tier_code="", clusters=[])
    again = snapshots.refresh_snapshots(demo)
    assert {s.track: s.pk for s in again} == first
    assert ScoreSnapshot.objects.filter(cycle=demo).count() == 3
    claimed = ScoreSnapshot.objects.get(cycle=demo, track="claimed")
    assert (claimed.total, claimed.tier_name) == (demo_scores(demo)[0].total, "Pratama")
    assert len(claimed.clusters) == 6


def test_refresh_on_commit_runs_after_commit(
    kota_serang, admin_dp3akb, django_capture_on_commit_callbacks
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        snapshots.refresh_snapshots_on_commit(cycle)
        assert not ScoreSnapshot.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    assert ScoreSnapshot.objects.filter(cycle=cycle).count() == 3


def test_refresh_on_commit_does_nothing_on_rollback(
    kota_serang, admin_dp3akb, django_capture_on_commit_callbacks
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        snapshots.refresh_snapshots_on_commit(cycle)
        raise RuntimeError("dibatalkan")
    assert callbacks == []
    assert not ScoreSnapshot.objects.exists()


def test_command_refreshes_all_or_one_cycle(demo, kota_serang, admin_dp3akb, capsys):
    older = make_cycle(city=kota_serang, year=2025, by=admin_dp3akb)
    ScoreSnapshot.objects.all().delete()
    call_command("refresh_scores", kode="36.73", tahun=2026)
    out = capsys.readouterr().out
    claimed, verified = angka(DEMO_CLAIMED_2026), angka(DEMO_VERIFIED_2026)
    assert f"KLA 2026: diklaim {claimed} Pratama · terverifikasi {verified} Pratama" in out
    assert "1 siklus dihitung ulang." in out
    assert not ScoreSnapshot.objects.filter(cycle=older).exists()
    call_command("refresh_scores")
    assert "2 siklus dihitung ulang." in capsys.readouterr().out
    assert ScoreSnapshot.objects.filter(cycle=older).count() == 3


def test_a_refresh_locks_the_cycles_row_alone(demo):
    """Refreshes of a cycle take turns on its row; the city's row (which the cycles' default
    ordering would join) is neither read nor locked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        snapshots.refresh_snapshots(demo)

    (lock,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "evaluations_cycle"')]
    assert "wilayah_region" not in lock and "ORDER BY" not in lock
    if connection.vendor == "postgresql":
        assert lock.endswith('FOR NO KEY UPDATE OF "evaluations_cycle"')
