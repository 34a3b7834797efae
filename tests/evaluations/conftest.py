"""Fixtures of the entry, evidence and review tests: an open cycle and one Dinkes entry."""

import pytest

from tests import factories


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return factories.make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture
def closed_cycle(kota_serang, admin_dp3akb):
    """Entry window ended yesterday (the verification stages follow)."""
    return factories.make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)


@pytest.fixture
def entry(cycle):
    """III-12.1 (births in health facilities) for the first kecamatan: percentage, assigned to
    DINKES, one required document."""
    return factories.entry_of(cycle, "III-12.1")


@pytest.fixture
def document(entry):
    return entry.question.documents.get()
