"""National scoring (evaluations/scores/national.py): the same scores as the page loader, for
every cycle, in a number of queries that does not grow with the cycles."""

import gc
from dataclasses import replace

import pytest

from evaluations import names
from evaluations.models import Cycle
from evaluations.scores.loader import forget_instruments, load_cycle_data
from evaluations.scores.national import score_all_cycles
from tests import factories


@pytest.fixture
def generated(db):
    banten = factories.province("36", "Banten")
    cities = factories.small_cities(banten, 3, kecamatan=3)
    factories.generated_cities(cities, years=(2024, 2025))
    return cities


def test_equals_the_loader_for_every_cycle_and_track(generated):
    scores = score_all_cycles()
    cycles = list(Cycle.objects.select_related("kabupaten"))
    assert set(scores) == {c.pk for c in cycles} and len(cycles) == 6
    for cycle in cycles:
        data = load_cycle_data(cycle)
        for track in names.TRACKS:
            assert scores[cycle.pk][track] == replace(data.score(track), kecamatan_index=())


def test_a_withdrawn_document_counts_no_more_than_on_the_pages(generated):
    """Every existence answer's documents withdrawn (issue 11: the row stays, it no longer
    counts): national scoring drops them as the loader does."""
    from django.utils import timezone

    from evaluations.models import Evidence

    existence = Evidence.objects.filter(entry__question__kind=names.EXISTENCE)
    assert existence.exists()
    before = score_all_cycles((names.PROJECTION,))
    existence.update(withdrawn_at=timezone.now())
    after = score_all_cycles((names.PROJECTION,))
    for cycle in Cycle.objects.all():
        expected = load_cycle_data(cycle).score(names.PROJECTION)
        assert after[cycle.pk][names.PROJECTION] == replace(expected, kecamatan_index=())
    assert any(
        after[pk][names.PROJECTION].total < before[pk][names.PROJECTION].total for pk in before
    )


@pytest.mark.parametrize("cities", [1, 3])
def test_a_fixed_number_of_queries(generated, django_assert_num_queries, cities):
    """The cycles, the instrument once (itself, the spec's seven queries, the question codes),
    the kecamatan, the documents and the entries: 13, for two cycles as for six."""
    chosen = Cycle.objects.filter(kabupaten__in=generated[:cities])
    forget_instruments()  # the instrument not yet seen by this process (else 7 fewer)
    with django_assert_num_queries(13):
        scores = score_all_cycles((names.VERIFIED,), chosen)
    assert set(scores) == set(chosen.values_list("pk", flat=True))
    assert all(set(tracks) == {names.VERIFIED} for tracks in scores.values())


def _set_collector(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after(generated, enabled):
    """Scoring pauses the cyclic collector (it only slows the loop down) and gives it back."""
    was = gc.isenabled()
    try:
        _set_collector(enabled)
        score_all_cycles((names.VERIFIED,))
        assert gc.isenabled() is enabled
    finally:
        _set_collector(was)
