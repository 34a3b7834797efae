"""The evidence bundle: every current file and no superseded one, laid out
klaster/indikator/pertanyaan/unit/berkas, an index whose checksums match, memory flat."""

import hashlib
import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Evidence
from evaluations.services.evidence import replace_evidence
from tests.factories import add_evidence, entry_of, evidence_row, pdf_bytes, upload


@pytest.fixture
def evidence(cycle, operator_dinkes, operator_dindik):
    """Three current files (Dinkes twice, Dindikbud once) and one superseded version."""
    first = add_evidence(entry_of(cycle, "III-12.1"), by=operator_dinkes, name="rekap kia.pdf")
    replace_evidence(first, user=operator_dinkes, upload=upload("rekap-v2.pdf", pdf_bytes("v2")))
    add_evidence(entry_of(cycle, "III-17.1"), by=operator_dinkes, name="perwal-ktr.pdf")
    add_evidence(entry_of(cycle, "IV-18.1"), by=operator_dindik, name="apk.pdf")
    return Evidence.objects.filter(entry__cycle=cycle)


def get_bundle(client, user, cycle, **params):
    client.force_login(user)
    query = {"siklus": cycle.pk, **params}
    return client.get(reverse("evaluations:export-evidence-bundle"), query)


def read_zip(response) -> zipfile.ZipFile:
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    return zipfile.ZipFile(io.BytesIO(content))


def index_rows(archive: zipfile.ZipFile) -> list[tuple]:
    book = load_workbook(io.BytesIO(archive.read("indeks-bukti.xlsx")))
    return [row for row in book.active.iter_rows(min_row=5, values_only=True) if row[0]]


def test_bundle_holds_every_current_file_and_no_superseded_one(
    client, verifikator, cycle, evidence
):
    response = get_bundle(client, verifikator, cycle)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="bukti-kla-36.73-2026.zip"' in response["Content-Disposition"]
    archive = read_zip(response)
    names = archive.namelist()
    current = evidence.filter(superseded_by__isnull=True)
    assert len(names) == 1 + current.count()
    assert names[0] == "indeks-bukti.xlsx"
    contents = {archive.read(name) for name in names[1:]}
    for item in current:
        assert item.file.open("rb").read() in contents
    entry = entry_of(cycle, "III-12.1")
    folder = (
        f"Klaster III/III-12 Persalinan di faskes/III-12.1/{entry.unit.code} {entry.unit.name}/"
    )
    # Only the replacement: the superseded "rekap_kia.pdf" of that entry stays out.
    assert [name for name in names if name.startswith(folder)] == [f"{folder}rekap-v2.pdf"]
    assert archive.read(f"{folder}rekap-v2.pdf") == pdf_bytes("v2")


def test_index_checksums_match_the_files(client, admin_dp3akb, cycle, evidence):
    archive = read_zip(get_bundle(client, admin_dp3akb, cycle))
    rows = index_rows(archive)
    assert len(rows) == len(archive.namelist()) - 1
    for path, _title, _question, _text, _unit, opd, status, sha, size, by, at in rows:
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == sha and len(data) == size
        assert opd in {"DINKES", "DINDIKBUD"} and status == "Draf" and by and at
    assert {row[2] for row in rows} == {"III-12.1", "III-17.1", "IV-18.1"}


def test_one_cluster_or_one_indicator(client, verifikator, cycle, evidence):
    cluster = read_zip(get_bundle(client, verifikator, cycle, klaster="IV"))
    assert [row[2] for row in index_rows(cluster)] == ["IV-18.1"]
    indicator = read_zip(get_bundle(client, verifikator, cycle, indikator="III-17"))
    assert [row[2] for row in index_rows(indicator)] == ["III-17.1"]
    assert len(indicator.namelist()) == 2


def test_unknown_cluster_is_404(client, verifikator, cycle):
    assert get_bundle(client, verifikator, cycle, klaster="XX").status_code == 404


def test_an_empty_bundle_still_has_its_index(client, verifikator, cycle):
    archive = read_zip(get_bundle(client, verifikator, cycle))
    assert archive.namelist() == ["indeks-bukti.xlsx"]


def peak_while_streaming(client, user, cycle) -> tuple[int, int]:
    """(peak traced memory, bytes streamed) while the bundle is sent, chunk by chunk."""
    client.force_login(user)
    url = f"{reverse('evaluations:export-evidence-bundle')}?siklus={cycle.pk}"
    tracemalloc.start()
    try:
        response = client.get(url)
        streamed = 0
        digest = hashlib.sha256()
        for chunk in response.streaming_content:
            streamed += len(chunk)
            digest.update(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, streamed


def many_files(cycle, count: int, size: int) -> None:
    entries = list(cycle.entries.order_by("pk")[:count])
    for n, entry in enumerate(entries):
        content = (b"%PDF-1.4\n" + bytes([n % 251]) * size)[:size]
        evidence_row(entry, content=content, original_name=f"bukti-{n}.pdf")


def test_peak_memory_stays_flat_for_many_files(client, verifikator, cycle):
    size = 256 * 1024
    many_files(cycle, 4, size)
    few_peak, few_bytes = peak_while_streaming(client, verifikator, cycle)
    Evidence.objects.all().delete()
    many_files(cycle, 48, size)
    many_peak, many_bytes = peak_while_streaming(client, verifikator, cycle)
    assert many_bytes > 12 * 1024 * 1024  # 12 MB of files went through
    # Twelve times the files, not twelve times the memory: the files are never held whole.
    assert many_peak < few_peak + 2 * size, (few_peak, many_peak)
    assert many_peak < many_bytes / 4, (many_peak, many_bytes)
