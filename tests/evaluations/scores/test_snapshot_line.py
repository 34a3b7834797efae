"""Refreshes asked for by changes under load (PostgreSQL): at most one waits behind the refresh
that runs; a change that finds that place taken returns at once, and its change is still in
the stored scores once the one in line has run."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from evaluations import names, tasks
from evaluations.models import Cycle, Entry, ScoreSnapshot
from evaluations.scores import snapshots
from evaluations.scores.loader import load_cycle_data
from evaluations.services.entries import EDITABLE, save_entry
from tests.factories import demo_cycle

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the place in line is an advisory lock"
    ),
    pytest.mark.django_db(transaction=True),
]


def stored(cycle) -> dict:
    return dict(ScoreSnapshot.objects.filter(cycle=cycle).values_list("track", "total"))


def in_line(cycle) -> bool:
    """Whether a session holds the cycle's place in line (pg_locks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s AND objsubid = 2",
            [snapshots.IN_LINE, cycle.pk],
        )
        return cursor.fetchone()[0] == 1


def in_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_change_finding_a_refresh_in_line_returns_at_once_and_is_still_counted(
    kota_serang, admin_dp3akb
):
    cycle = demo_cycle(kota_serang, by=admin_dp3akb)
    snapshots.refresh_snapshots(cycle)
    before = stored(cycle)
    # A draft whose value counts in the projection: 1729 of 1829 there, 0 moves it.
    entry = Entry.objects.get(cycle=cycle, question__code="III-12.1", unit__code="36.73.01")
    assert entry.status in EDITABLE and entry.numerator == 1729
    running, release = threading.Event(), threading.Event()

    def refresh_running():  # holds the cycle's row lock as a running refresh does
        with transaction.atomic():
            row = Cycle.objects.select_for_update(no_key=True, of=("self",)).filter(pk=cycle.pk)
            list(row.order_by().values_list("pk", flat=True))
            running.set()
            release.wait(60)

    holder = in_thread(refresh_running)
    assert running.wait(30)
    waiter = in_thread(lambda: tasks.refresh_scores(cycle.pk, timezone.now().isoformat()))
    deadline = time.monotonic() + 30
    while not in_line(cycle) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert in_line(cycle)

    # A save now: its refresh after commit (in-process, no broker) finds the place taken.
    values = {"numerator": Decimal(0), "denominator": entry.denominator}
    saver = in_thread(
        lambda: save_entry(entry, user=admin_dp3akb, values=values, version=entry.version)
    )
    saver.join(timeout=20)
    saved_at_once = not saver.is_alive()
    unchanged_meanwhile = stored(cycle) == before
    release.set()
    for thread in (saver, holder, waiter):
        thread.join(timeout=60)

    assert saved_at_once  # it did not wait for the running refresh
    assert unchanged_meanwhile  # nothing was refreshed while the row was held
    assert Entry.objects.get(pk=entry.pk).numerator == 0
    fresh = load_cycle_data(cycle)
    after = stored(cycle)
    assert after == {track: fresh.score(track).total for track in names.TRACKS}
    assert after[names.PROJECTION] != before[names.PROJECTION]  # the save's change is in it
    assert not in_line(cycle)


def test_a_change_with_the_place_free_refreshes_itself(kota_serang, admin_dp3akb):
    cycle = demo_cycle(kota_serang, by=admin_dp3akb)
    ScoreSnapshot.objects.filter(cycle=cycle).delete()
    tasks.refresh_scores(cycle.pk, timezone.now().isoformat())
    fresh = load_cycle_data(cycle)
    assert stored(cycle) == {track: fresh.score(track).total for track in names.TRACKS}
    assert not in_line(cycle)


def test_the_place_is_left_when_the_wait_for_the_row_fails(kota_serang, admin_dp3akb):
    cycle = demo_cycle(kota_serang, by=admin_dp3akb)
    running, release = threading.Event(), threading.Event()

    def refresh_running():
        with transaction.atomic():
            row = Cycle.objects.select_for_update(no_key=True, of=("self",)).filter(pk=cycle.pk)
            list(row.order_by().values_list("pk", flat=True))
            running.set()
            release.wait(60)

    holder = in_thread(refresh_running)
    assert running.wait(30)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            snapshots.refresh_after_change(cycle, timezone.now())
        assert not in_line(cycle)  # left, on the same connection, before the rollback
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        holder.join(timeout=60)
    snapshots.refresh_after_change(cycle, timezone.now())  # and the next change takes it
    fresh = load_cycle_data(cycle)
    assert stored(cycle) == {track: fresh.score(track).total for track in names.TRACKS}
