"""The demo cycle of Kota Serang, the people who change it and the clocks the tests move, for
the tests of the kept scores (test_cached.py, test_own_changes.py)."""

import pytest

from evaluations.scores import cached
from tests import factories


class Clock:
    """A clock the test moves (``clock.now += seconds``)."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """The keep's monotonic clock (how long a state read is trusted)."""
    ticking = Clock(1000.0)
    monkeypatch.setattr(cached, "clock", ticking)
    return ticking


@pytest.fixture
def wall(monkeypatch):
    """The wall clock of the own-change marks (evaluations/middleware.py)."""
    ticking = Clock(1_764_650_000.0)
    monkeypatch.setattr(cached, "wall_clock", ticking)
    return ticking


@pytest.fixture
def cycle(kota_serang, admin_dp3akb, instrument):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


@pytest.fixture
def people(kota_serang, admin_dp3akb, verifikator):
    def operator(entry):
        opd = entry.cycle.assignments.get(question=entry.question).opd
        return factories.make_user(city=kota_serang, role="operator_opd", opd_code=opd.code)

    return {"admin": admin_dp3akb, "verifikator": verifikator, "operator": operator}
