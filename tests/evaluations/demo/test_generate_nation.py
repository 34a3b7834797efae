"""The national generator: deterministic from its seed, realistic (a mix of statuses and missing
data), and calibrated so that the latest cycle's verified tiers follow the 2025 national result
scaled to the number of cities."""

from collections import Counter

from django.core.management import call_command

from evaluations import names
from evaluations.demo.generated_answers import NATIONAL_2025, tier_quota
from evaluations.models import Cycle, Entry, Evidence, ScoreSnapshot
from evaluations.scores.loader import load_cycle_data
from kla.wilayah.models import Region


def test_quota_is_the_national_result_for_514_and_adds_up_for_any_size():
    assert tier_quota(514) == {**NATIONAL_2025, "": 159}
    for n in (1, 8, 27, 100):
        assert sum(tier_quota(n).values()) == n
    assert tier_quota(8) == {"utama": 0, "nindya": 1, "madya": 2, "pratama": 2, "": 3}


def verified_tiers(year: int) -> Counter:
    snapshots = ScoreSnapshot.objects.filter(cycle__year=year, track=names.VERIFIED)
    return Counter(snapshots.values_list("tier_code", flat=True))


def test_a_seeded_province_has_the_expected_tier_counts(db, capsys):
    """Banten (8 kabupaten/kota, 155 kecamatan): three cycles each, the latest one's verified
    tiers exactly as ``tier_quota(8)`` says; the stored snapshots are the engine's scores."""
    call_command("generate_nation", "--seed", "7", "--kode", "36")
    out = capsys.readouterr().out
    cities = Region.objects.kabupaten_kota().filter(code__startswith="36.")
    assert cities.count() == 8
    assert Cycle.objects.count() == 8 * 3
    expected = {code: n for code, n in tier_quota(8).items() if n}
    assert verified_tiers(2025) == Counter(expected)
    assert "isian" in out and "detik" in out
    for code, n in tier_quota(8).items():
        assert f"{code or 'tanpa predikat':<14} {n:>5} / {n}" in out
    # A realistic mix: every status, and entries nobody answered.
    statuses = Counter(Entry.objects.values_list("status", flat=True))
    assert set(statuses) == set(names.STATUSES)
    assert Entry.objects.filter(
        status=names.DRAFT, numerator__isnull=True, yes__isnull=True, option__isnull=True
    ).exists()
    assert statuses[names.VERIFIED] > sum(statuses.values()) / 2
    # The snapshots are what the pages compute from the stored rows.
    cycle = Cycle.objects.get(kabupaten__code="36.73", year=2025)
    data = load_cycle_data(cycle)
    for snapshot in cycle.snapshots.all():
        assert data.score(snapshot.track).total == snapshot.total


def test_same_seed_same_data_and_rerun_skips(db, capsys):
    call_command("generate_nation", "--seed", "3", "--kode", "36.72", "--tahun", "2025")
    first = sorted(
        Entry.objects.values_list("question__code", "unit__code", "status", "numerator", "yes")
    )
    call_command("generate_nation", "--seed", "3", "--kode", "36.72", "--tahun", "2025")
    assert "0 kabupaten/kota dibangkitkan, 1 dilewati" in capsys.readouterr().out
    Evidence.objects.all().delete()  # evidence protects its entries
    Cycle.objects.all().delete()
    call_command("generate_nation", "--seed", "3", "--kode", "36.72", "--tahun", "2025")
    again = sorted(
        Entry.objects.values_list("question__code", "unit__code", "status", "numerator", "yes")
    )
    assert again == first
    call_command("generate_nation", "--seed", "4", "--kode", "36.72", "--tahun", "2024")
    other = Entry.objects.filter(cycle__year=2024)
    assert (
        sorted(other.values_list("question__code", "unit__code", "status", "numerator", "yes"))
        != first
    )
