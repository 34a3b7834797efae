"""The cycle's Excel workbook and CSV carry the score page's figures (the scoring engine's)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import names
from evaluations.models import Entry, Evidence
from evaluations.scores.loader import load_cycle_data
from tests.factories import demo_cycle


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return demo_cycle(kota_serang, by=admin_dp3akb)


def workbook(client, user, cycle):
    client.force_login(user)
    url = f"{reverse('evaluations:export-cycle-xlsx')}?siklus={cycle.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rekap-kla-36.73-2026.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def as_decimal(value) -> Decimal:
    return Decimal(str(value))


def test_summary_equals_the_score_page(client, admin_dp3akb, demo):
    book = workbook(client, admin_dp3akb, demo)
    summary = book["Ringkasan"]
    page = client.get(f"{reverse('evaluations:score')}?siklus={demo.pk}").context
    claimed, verified = page["claimed"], page["verified"]
    rows = {summary.cell(row=r, column=1).value: r for r in range(1, summary.max_row + 1)}
    for label, score in (("Diklaim", claimed), ("Terverifikasi", verified)):
        row = rows[label]
        assert as_decimal(summary.cell(row=row, column=2).value) == score.total
        assert summary.cell(row=row, column=4).value == score.tier.name
        assert summary.cell(row=row, column=2).number_format == "#,##0.00"
    data = load_cycle_data(demo)
    projection = data.score(names.PROJECTION)
    assert as_decimal(summary.cell(row=rows["Proyeksi"], column=2).value) == projection.total
    for cluster, cluster_verified in zip(claimed.clusters, verified.clusters, strict=True):
        row = rows[cluster.code]
        assert summary.cell(row=row, column=2).value == cluster.name
        assert as_decimal(summary.cell(row=row, column=4).value) == pytest.approx(cluster.earned)
        assert as_decimal(summary.cell(row=row, column=5).value) == pytest.approx(
            cluster_verified.earned
        )
    for part in page["parts"]:  # indicators too, as on the page
        row = rows[part.code]
        assert float(summary.cell(row=row, column=4).value) == pytest.approx(float(part.earned))


def test_one_sheet_per_cluster_with_every_unit(client, verifikator, demo, admin_dp3akb):
    book = workbook(client, verifikator, demo)
    assert book.sheetnames == [
        "Ringkasan",
        "Kelembagaan",
        "Klaster I",
        "Klaster II",
        "Klaster III",
        "Klaster IV",
        "Klaster V",
        "Kecamatan",
    ]
    sheet = book["Klaster III"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert (
        len(rows)
        == Entry.objects.filter(cycle=demo, question__indicator__cluster__code="III").count()
    )
    by_key = {(r[1], r[4]): r for r in rows}
    entry = Entry.objects.filter(cycle=demo, question__code="III-12.1", numerator__isnull=False)[0]
    row = by_key[("III-12.1", entry.unit.code)]
    assert as_decimal(row[8]) == entry.numerator and as_decimal(row[9]) == entry.denominator
    assert row[11] == entry.get_status_display()
    assert row[12] == Evidence.objects.filter(entry=entry, superseded_by__isnull=True).count()
    # Units of a coverage or city-level question add up to the question's points exactly.
    data = load_cycle_data(demo)
    claimed = {q.code: q.earned for q in data.score(names.CLAIMED).questions}
    coverage = [r for r in rows if r[1] == "III-14.2"]
    assert sum(as_decimal(r[14]) for r in coverage) == pytest.approx(claimed["III-14.2"])


def test_kecamatan_sheet_equals_the_engine(client, pimpinan, demo):
    book = workbook(client, pimpinan, demo)
    sheet = book["Kecamatan"]
    data = load_cycle_data(demo)
    expected = [(k.code, k.index) for k in data.score(names.CLAIMED).kecamatan_index]
    got = [(r[1], as_decimal(r[3])) for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert got == expected


def test_csv_long_format(client, admin_dp3akb, demo):
    client.force_login(admin_dp3akb)
    response = client.get(f"{reverse('evaluations:export-cycle-csv')}?siklus={demo.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == Entry.objects.filter(cycle=demo).count()
    data = load_cycle_data(demo)
    for track in (names.CLAIMED, names.VERIFIED):
        score = data.score(track)
        for question in score.questions:
            if data.questions[question.code].level == names.KOTA:
                row = next(r for r in rows if r["kode_pertanyaan"] == question.code)
                assert Decimal(row[f"poin_{track}"]) == question.earned.quantize(Decimal("0.0001"))
    row = next(r for r in rows if r["kode_pertanyaan"] == "III-12.1" and r["pembilang"])
    entry = Entry.objects.get(cycle=demo, question__code="III-12.1", unit__code=row["kode_wilayah"])
    assert Decimal(row["pembilang"]) == entry.numerator and row["status"] == entry.status
    assert row["kode_wilayah_kota"] == "36.73" and row["tahun"] == "2026"
