"""seed_demo: Kota Serang's demo cycles, official results and answers, idempotent, with the
claimed and verified totals printed at the end."""

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import (
    AuditRecord,
    Cycle,
    Entry,
    Evidence,
    OfficialResult,
    ScoreSnapshot,
)
from kla.accounts.demo import DEMO_PASSWORD
from kla.accounts.models import Role, User
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
    serang = OfficialResult.objects.filter(cycle__kabupaten__code="36.73")
    finals = serang.filter(stage="final").order_by("cycle__year")
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
    assert Cycle.objects.filter(kabupaten__code="36.73").count() == 5
    assert Cycle.objects.count() == 5 + 7 * 3  # Banten's seven other cities, generated


def test_seed_demo_loads_banten_generated_and_its_province_accounts(db, capsys, developer_machine):
    """Banten's other kabupaten/kota come with generated answers, marked as generated, and
    the province's demo accounts can log in with the demo password."""
    call_command("seed_demo", CONFIRMED)
    assert "jawaban dibangkitkan (bukan data nyata)" in capsys.readouterr().out
    generated = Cycle.objects.filter(kabupaten__parent__code="36").exclude(kabupaten__code="36.73")
    assert generated.values("kabupaten").distinct().count() == 7
    assert all("dibangkitkan" in cycle.name for cycle in generated)
    assert not Entry.objects.filter(cycle__in=generated).exclude(note__contains="dibangkitkan")
    assert ScoreSnapshot.objects.filter(cycle__in=generated).count() == 7 * 3 * 3
    for username, role in (
        ("verifikator.banten", Role.VERIFIKATOR_PROVINSI),
        ("pimpinan.banten", Role.PIMPINAN_PROVINSI),
    ):
        user = User.objects.get(username=username)
        assert (user.role, user.provinsi.code, user.kabupaten_id) == (role, "36", None)
        assert user.check_password(DEMO_PASSWORD)


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
