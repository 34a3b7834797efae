"""kla_score: the JSON keys and values are the scoring module's; a readable summary without
--json."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evaluations import names
from evaluations.scores import scoring
from evaluations.scores.loader import load_cycle_data
from kla.formats import angka
from tests.factories import DEMO_CLAIMED_2026, DEMO_VERIFIED_2026, MADYA_FROM, demo_cycle

KEYS = {
    "kode",
    "tahun",
    "track",
    "total",
    "max_score",
    "tier",
    "next_tier",
    "gap",
    "clusters",
    "indicators",
    "kecamatan_index",
}


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return demo_cycle(kota_serang, by=admin_dp3akb)


def run(capsys, *args) -> str:
    call_command("kla_score", "--kode", "36.73", "--tahun", "2026", *args)
    return capsys.readouterr().out


def text(value) -> str:
    return str(scoring.round2(value))


@pytest.mark.parametrize("track", names.TRACKS)
def test_json_equals_the_scoring_module(demo, capsys, track):
    result = json.loads(run(capsys, "--track", track, "--json"))
    data = load_cycle_data(demo)
    score = scoring.score_cycle(data.spec, data.answers, data.kecamatan, track)
    assert set(result) == KEYS
    assert (result["kode"], result["tahun"], result["track"]) == ("36.73", 2026, track)
    assert result["total"] == text(score.total)
    assert result["max_score"] == "1000.00"
    assert result["tier"] == {
        "code": score.tier.code,
        "name": score.tier.name,
        "min_score": text(score.tier.min_score),
    }
    assert result["next_tier"]["code"] == score.next_tier.code
    assert result["gap"] == text(score.gap)
    for key, parts in (("clusters", score.clusters), ("indicators", score.indicators)):
        assert result[key] == [
            {"code": p.code, "name": p.name, "earned": text(p.earned), "max": text(p.max_points)}
            for p in parts
        ]
    assert [(k["code"], k["index"]) for k in result["kecamatan_index"]] == [
        (k.code, text(k.index)) for k in score.kecamatan_index
    ]
    assert (
        result["kecamatan_index"][0]["name"] == data.kecamatan_names[score.kecamatan_index[0].code]
    )


def test_demo_totals(demo, capsys):
    claimed = json.loads(run(capsys, "--json"))
    verified = json.loads(run(capsys, "--track", "verified", "--json"))
    assert (claimed["total"], claimed["tier"]["name"], claimed["gap"]) == (
        str(DEMO_CLAIMED_2026),
        "Pratama",
        str(MADYA_FROM - DEMO_CLAIMED_2026),
    )
    assert (verified["total"], verified["tier"]["name"]) == (str(DEMO_VERIFIED_2026), "Pratama")


def test_empty_cycle_has_no_tier(cycle, capsys):
    result = json.loads(run(capsys, "--json"))
    assert (result["total"], result["tier"], result["gap"]) == ("0.00", None, "500.00")
    assert result["next_tier"]["code"] == "pratama"


def test_text_summary_in_indonesian(demo, capsys):
    out = run(capsys, "--track", "verified")
    assert "Kota Serang · KLA 2026 · jalur terverifikasi" in out
    assert f"Total: {angka(DEMO_VERIFIED_2026)} dari 1.000 → Pratama" in out
    assert f"Menuju Madya (≥ 601): kurang {angka(MADYA_FROM - DEMO_VERIFIED_2026)} poin" in out
    assert "Klaster:" in out and "Indeks kecamatan (0-100):" in out


def test_unknown_cycle_and_track(db, capsys):
    with pytest.raises(CommandError, match="Tidak ada siklus 2026 untuk kode 36.73"):
        run(capsys)
    with pytest.raises(CommandError):
        call_command("kla_score", "--kode", "36.73", "--tahun", "2026", "--track", "emas")
