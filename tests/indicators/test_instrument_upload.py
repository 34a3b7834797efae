"""The instrument from the browser: upload → preview with every problem → confirm (validated
again); the instrument page downloads it as JSON and as a readable Excel workbook."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.exchange import export_instrument
from indicators.models import Instrument, Question
from indicators.upload import SESSION_KEY, _path
from tests.factories import instrument_data


def official(**changes) -> dict:
    data = instrument_data() | {"code": "resmi-2027", "name": "LKE resmi 2027"}
    data["illustrative"] = False
    return data | changes


def send(client, data, name="lke-2027.json"):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    upload = SimpleUploadedFile(name, raw, content_type="application/json")
    return client.post(reverse("indicators:instrument-upload"), {"file": upload})


@pytest.fixture
def admin(client, admin_dp3akb, instrument):
    client.force_login(admin_dp3akb)
    return admin_dp3akb


def test_preview_then_confirm_imports_the_instrument(client, admin):
    response = send(client, official())
    html = response.content.decode()
    preview = response.context["preview"]
    assert preview.ok and preview.code == "resmi-2027" and preview.questions > 24
    assert "Klaster III: Kesehatan Dasar dan Kesejahteraan" in html and "Madya ≥ 601" in html
    assert [c.points for c in preview.clusters][0] == 200  # points per cluster shown
    assert not Instrument.objects.filter(code="resmi-2027").exists()  # nothing yet
    assert _path(preview.sha256).exists()
    confirm = reverse("indicators:instrument-confirm", args=[preview.sha256])
    response = client.post(confirm)
    assert response.status_code == 302
    instrument = Instrument.objects.get(code="resmi-2027")
    assert response["Location"] == reverse("indicators:instrument-detail", args=[instrument.code])
    assert Question.objects.of_instrument(instrument).count() == preview.questions
    # The import is on record: who confirmed it and which file it was.
    assert (instrument.imported_by, instrument.source_sha256) == (admin, preview.sha256)
    page = client.get(response["Location"]).content.decode()
    assert f"Diimpor oleh {admin.display_name}" in page and preview.sha256[:16] in page
    assert not _path(preview.sha256).exists()
    assert SESSION_KEY not in client.session
    assert client.post(confirm).status_code == 302  # a second confirmation imports nothing
    assert Instrument.objects.filter(code="resmi-2027").count() == 1


def test_every_problem_is_shown_with_its_location_and_nothing_kept(client, admin, media_root):
    data = official()
    data["clusters"][0]["indicators"][0]["questions"][0]["points"] = "61"
    data["clusters"][1]["indicators"][0]["questions"][0]["kind"] = "tebakan"
    data["tiers"][1]["min_score"] = "400"
    response = send(client, data)
    problems = response.context["preview"].problems
    html = response.content.decode()
    assert any(p.startswith("instrumen.max_score") for p in problems)
    assert any(".kind" in p and "clusters[1].indicators[0].questions[0]" in p for p in problems)
    assert any(p.startswith("tiers[1].min_score") for p in problems)
    assert "Konfirmasi dan impor" not in html and "instrumen belum dapat diimpor" in html
    assert not (media_root / "unggahan-instrumen").exists()
    assert SESSION_KEY not in client.session


def test_an_existing_code_is_a_problem(client, admin, instrument):
    response = send(client, official(code=instrument.code))
    assert any("sudah ada" in p for p in response.context["preview"].problems)


@pytest.mark.parametrize(
    "raw,message",
    [
        (b'{"format": "pantau-kla-instrument",\n  "code": }', "baris 2, kolom"),
        (b"\xff\xfe\x00bukan teks", "bukan teks UTF-8"),
        (b"[1, 2, 3]", "isi harus berupa objek JSON instrumen"),
    ],
)
def test_a_file_that_is_not_an_instrument(client, admin, raw, message):
    before = Instrument.objects.count()
    assert message in send(client, raw).content.decode()
    assert Instrument.objects.count() == before


def test_confirm_needs_the_preview_of_this_session(client, admin, admin_dp3akb):
    preview = send(client, official()).context["preview"]
    client.logout()
    client.force_login(admin_dp3akb)  # a new session: the preview is not its own
    response = client.post(reverse("indicators:instrument-confirm", args=[preview.sha256]))
    assert response.status_code == 302
    assert not Instrument.objects.filter(code="resmi-2027").exists()


def test_confirm_validates_again(client, admin):
    preview = send(client, official()).context["preview"]
    _path(preview.sha256).write_bytes(json.dumps(official(max_score="999")).encode())
    response = client.post(
        reverse("indicators:instrument-confirm", args=[preview.sha256]), follow=True
    )
    assert "berubah" in response.content.decode()
    assert not Instrument.objects.filter(code="resmi-2027").exists()


def test_downloads_as_json_and_excel(client, operator_dinkes, instrument):
    client.force_login(operator_dinkes)
    response = client.get(reverse("indicators:instrument-json", args=[instrument.code]))
    assert response.status_code == 200
    assert json.loads(response.content) == export_instrument(instrument)
    response = client.get(reverse("indicators:instrument-excel", args=[instrument.code]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Pertanyaan"]
    rows = {r[3]: r for r in book["Pertanyaan"].iter_rows(min_row=2, values_only=True)}
    assert rows["III-17.1"][7].startswith("Belum ada (0)")
    assert rows["III-12.1"][9] == "DINKES"
    assert len(rows) == Question.objects.of_instrument(instrument).count()


def test_the_banner_calls_the_admin_to_import(client, admin_dp3akb, operator_dinkes, instrument):
    url = reverse("indicators:instrument-detail", args=[instrument.code])
    upload_url = reverse("indicators:instrument-upload")
    client.force_login(admin_dp3akb)
    assert f'href="{upload_url}"' in client.get(url).content.decode()
    client.force_login(operator_dinkes)
    assert f'href="{upload_url}"' not in client.get(url).content.decode()
