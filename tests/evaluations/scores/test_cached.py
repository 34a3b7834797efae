"""A cycle's data and results are kept per state of the cycle (evaluations/scores/cached.py):
every change a score reads moves the state, so no page shows a result of an older state once
the process checks the state again (on every request in the test suite, tests/settings.py; at
most every KLA_SCORES_RECHECK_SECONDS in production, tested here)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from evaluations.scores import cached

from .changes import CHANGES, fresh_totals, kept_totals, section, verify


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_change_moves_the_state_and_the_kept_results_follow(cycle, people, change):
    before = cached.cycle_state(cycle)
    assert kept_totals(cycle) == fresh_totals(cycle)
    change(cycle, people)
    assert cached.cycle_state(cycle) != before
    assert kept_totals(cycle) == fresh_totals(cycle)


def test_a_change_committed_after_a_later_one_still_moves_the_state(cycle, admin_dp3akb):
    """Two writers: the one that took the lower audit id commits last. Its record appears
    below the newest id, and the count of records (not their highest id) sees it."""
    from evaluations.models import AuditRecord

    def record(**fields):
        return AuditRecord.objects.create(
            cycle=cycle, actor=admin_dp3akb, action=AuditRecord.Action.COMMENT_ADDED, **fields
        )

    first, _second = record(), record()
    pk = first.pk
    first.delete()  # the id the slower writer took, not yet visible
    seen = cached.cycle_state(cycle)
    record(pk=pk)  # it commits now, below the newest id
    assert cached.cycle_state(cycle) != seen


def test_an_unchanged_cycle_is_loaded_once(cycle, django_assert_num_queries):
    first = cached.computed(cycle)
    with django_assert_num_queries(1):  # the state only
        again = cached.computed(cycle)
    assert again is first
    assert again.score("verified") is first.score("verified")


def test_within_the_recheck_time_the_state_is_not_read_again(
    cycle, people, settings, django_assert_num_queries
):
    """In production a process trusts the state it checked for KLA_SCORES_RECHECK_SECONDS: no
    query at all then, even after another process's change (shown once the time is over)."""
    settings.KLA_SCORES_RECHECK_SECONDS = 60
    first = cached.computed(cycle)
    verify(cycle, people)
    with django_assert_num_queries(0):
        assert cached.computed(cycle) is first
    assert cached.computed(cycle, fresh=True) is not first


def test_after_the_recheck_time_a_change_shows(clock, cycle, people, settings):
    # The clock first: the cycle's creation already reads its state.
    settings.KLA_SCORES_RECHECK_SECONDS = 1
    before = fresh_totals(cycle)
    first = cached.computed(cycle)
    for _ in range(3):
        verify(cycle, people)
    assert fresh_totals(cycle) != before  # the verifies move the scores
    clock.now += 0.9
    assert cached.computed(cycle) is first  # read 0.9 s ago: trusted
    clock.now += 0.2
    assert cached.computed(cycle) is not first
    assert kept_totals(cycle) == fresh_totals(cycle)


def test_a_slower_thread_never_takes_the_process_back_to_an_older_state(clock):
    """Thread A reads the state, then thread B reads a newer one and keeps it first; A keeps
    the older one last. The process does not trust A's older reading: it reads again."""
    kept = cached._Kept(4)
    older, newer = ("default", 1, "older"), ("default", 1, "newer")
    kept.put(newer, "newer results")
    kept.read_at(("default", 1), cached.Reading(clock.now - 0.1, newer, 0.0))
    kept.put(older, "older results")
    kept.read_at(("default", 1), cached.Reading(clock.now - 0.2, older, 0.0))
    assert kept.trusted(("default", 1), 1) is None


def test_a_dropped_cycle_leaves_no_reading_behind(clock):
    kept = cached._Kept(1)
    first, second = ("default", 1, "a"), ("default", 2, "a")
    kept.put(first, "results")
    kept.read_at(first[:2], cached.Reading(clock.now, first, 0.0))
    kept.put(second, "results")  # one cycle kept: the first is dropped
    kept.read_at(second[:2], cached.Reading(clock.now, second, 0.0))
    assert list(kept.checked) == [second[:2]]


def test_the_snapshot_refresh_reads_the_state_after_the_change(cycle, people, settings):
    """However recently this process checked the state, the stored scores are those of the
    cycle as it is now."""
    from evaluations.models import ScoreSnapshot
    from evaluations.scores.snapshots import refresh_snapshots

    settings.KLA_SCORES_RECHECK_SECONDS = 60
    before = kept_totals(cycle)
    for _ in range(3):
        verify(cycle, people)
    assert fresh_totals(cycle) != before
    refresh_snapshots(cycle)
    stored = {s.track: s.total for s in ScoreSnapshot.objects.filter(cycle=cycle)}
    assert stored == fresh_totals(cycle)


def test_the_summary_pdf_reads_the_state_now(cycle, people, settings, admin_dp3akb):
    """The PDF also reads rows itself (the OPDs' progress): its scores are those of the cycle as
    it is now, however recently this process read the state."""
    from evaluations.exports.pdf_summary import summary_context
    from evaluations.scores.selection import select

    settings.KLA_SCORES_RECHECK_SECONDS = 60
    before = kept_totals(cycle)
    for _ in range(3):
        verify(cycle, people)
    assert fresh_totals(cycle) != before
    context = summary_context(select(admin_dp3akb, {}))
    assert context["verified"].total == fresh_totals(cycle)["verified"]


def test_the_what_if_page_reads_the_state_now(client, cycle, people, settings, admin_dp3akb):
    """Its form compares the answers with the stored options it reads now: both of one state."""
    settings.KLA_SCORES_RECHECK_SECONDS = 60
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:what-if")
    first = section(client, url, "")
    for _ in range(3):
        verify(cycle, people)
    client.force_login(admin_dp3akb)
    kept = section(client, url, "")
    cached.forget_all()
    cache.clear()
    assert kept == section(client, url, "") != first


def test_results_with_words_are_kept_per_language(cycle):
    from django.utils import translation

    state = cached.computed(cycle)
    with translation.override("id"):
        indonesian = state.get("label", lambda: translation.gettext("Diverifikasi"))
    with translation.override("en"):
        english = state.get("label", lambda: translation.gettext("Diverifikasi"))
    assert (indonesian, english) == ("Diverifikasi", "Verified")


PAGES = [
    ("evaluations:dashboard-pimpinan", "heat-map"),
    ("evaluations:dashboard-pimpinan", "grafik-klaster"),
    ("evaluations:dashboard-dp3akb", "grafik-progres-opd"),
    ("evaluations:dashboard-dp3akb", "risks"),
    ("evaluations:what-if", ""),  # the questions, prefilled with the stored answers
]


@pytest.mark.parametrize(("name", "testid"), PAGES)
def test_a_kept_fragment_after_a_change_is_what_a_fresh_process_renders(
    client, admin_dp3akb, cycle, people, name, testid
):
    """The fragments rendered once per state ({% cache %} keyed by the state) are never served
    for a newer state: after three verifies, the kept page equals one rendered with nothing
    kept, and differs from the page before."""
    client.force_login(admin_dp3akb)
    url = reverse(name)
    first = section(client, url, testid)
    assert section(client, url, testid) == first  # unchanged cycle: the same page again
    for _ in range(3):
        verify(cycle, people)
    client.force_login(admin_dp3akb)  # the verifikator's requests do not log this one out
    kept = section(client, url, testid)
    cached.forget_all()
    cache.clear()
    assert kept == section(client, url, testid)
    assert kept != first


@pytest.mark.parametrize(("name", "testid"), PAGES)
def test_a_kept_fragment_is_kept_per_language(client, admin_dp3akb, cycle, name, testid):
    """The same state in Indonesian, then in English: each language gets its own fragment."""
    from django.conf import settings

    client.force_login(admin_dp3akb)
    url = reverse(name)
    indonesian = section(client, url, testid)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = section(client, url, testid)
    cached.forget_all()
    cache.clear()
    assert english == section(client, url, testid) != indonesian


def test_the_progress_fragment_follows_the_deadline(client, admin_dp3akb, cycle):
    """The OPD progress counts late entries once the entry deadline has passed: the fragment
    rendered before the deadline is not served after it (``late`` is in its key)."""
    import datetime

    from evaluations.models import Stage

    client.force_login(admin_dp3akb)
    url = reverse("evaluations:dashboard-dp3akb")
    entry = cycle.stages.get(kind=Stage.Kind.EVALUASI_MANDIRI)
    today = datetime.date.today()
    Stage.objects.filter(pk=entry.pk).update(ends_on=today + datetime.timedelta(days=30))
    before = section(client, url, "grafik-progres-opd")
    Stage.objects.filter(pk=entry.pk).update(
        starts_on=today - datetime.timedelta(days=60), ends_on=today - datetime.timedelta(days=1)
    )
    after = section(client, url, "grafik-progres-opd")
    cached.forget_all()
    cache.clear()
    assert after == section(client, url, "grafik-progres-opd") != before
