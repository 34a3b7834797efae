"""The parts `make load` stands on that a load run alone would not check: the gunicorn worker's
garbage-collector settings and the unloaded run's tour of every action (its reading of the real
entry page: test_entry_submit.py)."""

import gc
import random
import runpy
from pathlib import Path

import pytest

from loadtest.tour import Tour

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def gc_settings_restored():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_gunicorn_worker_moves_the_loaded_app_out_of_the_collectors_way(gc_settings_restored):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)  # Python's defaults

    config["post_worker_init"](None)

    assert gc.get_freeze_count() > 10_000  # the app's modules and objects, never scanned again
    assert gc.get_threshold()[0] >= 10_000  # young objects collected less often


def test_the_tour_takes_each_action_once_in_turn():
    def first():
        pass

    def second():
        pass

    # locust's task list repeats an action by its weight; the tour keeps each once.
    tour = Tour([first, first, first, second])

    picked = [random.choice(tour) for _ in range(5)]

    assert picked == [first, second, first, second, first]
