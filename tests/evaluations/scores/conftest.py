"""The demo cycle of Kota Serang and the people who change it, for the tests of the kept
scores (test_cached.py, test_own_changes.py)."""

import pytest

from tests import factories


@pytest.fixture
def cycle(kota_serang, admin_dp3akb, instrument):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


@pytest.fixture
def people(kota_serang, admin_dp3akb, verifikator):
    def operator(entry):
        opd = entry.cycle.assignments.get(question=entry.question).opd
        return factories.make_user(city=kota_serang, role="operator_opd", opd_code=opd.code)

    return {"admin": admin_dp3akb, "verifikator": verifikator, "operator": operator}
