"""seed_demo: Kota Serang's demo cycles, official results and answers, idempotent, with the
claimed and verified totals printed at the end."""

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import AuditRecord, Cycle, Evidence, OfficialResult, ScoreSnapshot
from kla.accounts.models import User
from kla.formats import angka
from tests.factories import DEMO_CLAIMED_2026, DEMO_VERIFIED_2026

CONFIRMED = "--saya-tahu-ini-data-demo"  # CI runs the suite on PostgreSQL (not the default)


@pytest.fixture
def developer_machine(settings):
    settings.DEBUG = True


def test_seed_demo_builds_the_history_and_is_idempotent(db, capsys, developer_machine):
    call_command("seed_demo", CONFIRMED)
    out = capsys.readouterr().out
    assert f"KLA 2026 diklaim: {angka(DEMO_CLAIMED_2026)} (Pratama)" in out
    assert f"KLA 2026 terverifikasi: {angka(DEMO_VERIFIED_2026)} (Pratama)" in out
    cycles = {c.year: c for c in Cycle.objects.filter(kabupaten__code="36.73")}
    assert sorted(cycles) == [2019, 2021, 2023, 2025, 2026]
    assert cycles[2026].is_entry_open and not cycles[2025].is_entry_open
    finals = OfficialResult.objects.filter(stage="final").order_by("cycle__year")
    assert [(r.cycle.year, r.tier_code) for r in finals] == [
        (2019, "pratama"),
        (2021, "pratama"),
        (2023, "pratama"),
    ]
    assert all("ilustratif" in r.note for r in OfficialResult.objects.all())
    assert set(cycles[2025].official_results.values_list("stage", flat=True)) == {
        "mandiri",
        "provinsi",
    }
    claimed = ScoreSnapshot.objects.get(cycle=cycles[2026], track="claimed")
    assert (claimed.total, claimed.tier_code) == (DEMO_CLAIMED_2026, "pratama")
    assert not ScoreSnapshot.objects.filter(cycle=cycles[2019]).exists()

    counts = (Evidence.objects.count(), AuditRecord.objects.count(), OfficialResult.objects.count())
    call_command("seed_demo", CONFIRMED)
    assert "Jawaban 2026: 232 baris, 0 isian berubah, 0 dokumen dilampirkan." in (
        capsys.readouterr().out
    )
    assert (
        Evidence.objects.count(),
        AuditRecord.objects.count(),
        OfficialResult.objects.count(),
    ) == counts
    assert Cycle.objects.count() == 5


@pytest.mark.parametrize("flag", [[], [CONFIRMED]])
def test_never_with_debug_off(db, settings, flag):
    settings.DEBUG = False
    settings.KLA_EMBEDDED_DATABASE = True
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("seed_demo", *flag)
    assert not User.objects.exists() and not Cycle.objects.exists()


def test_another_database_needs_the_explicit_flag(db, developer_machine, settings):
    settings.KLA_EMBEDDED_DATABASE = False
    with pytest.raises(CommandError, match="--saya-tahu-ini-data-demo"):
        call_command("seed_demo")
    assert not User.objects.exists() and not Cycle.objects.exists()
