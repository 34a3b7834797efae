"""Permission matrix of the exchange with the users' world: every download and upload x persona.

Decisions (evaluations/views/exports.py, indicators/views.py):
- the OPD's Excel template and its import: Operator OPD only (their own OPD; another OPD's
  file is refused and changes nothing);
- the cycle's Excel workbook, CSV and the walikota's PDF: Admin KLA, Verifikator, Pimpinan;
- the evidence bundle: Admin KLA and Verifikator only;
- the instrument: every member downloads it (JSON, Excel); only an Admin KLA uploads and
  confirms one (instruments are not a city's: another city's Admin KLA may upload too).
Another city's Admin KLA asking for Kota Serang's cycle (``?siklus=``) gets 404.
"""

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.exports.excel_template import build_template
from evaluations.models import AuditRecord, Entry
from indicators.models import Instrument
from kla.organisations.models import Opd
from tests import factories
from tests.matrix import (
    MATRIX_ARGS,
    Effect,
    Row,
    assert_complete,
    cases,
    check,
    expect,
    of_cycle,
    plain_url,
    scenario_fixture,
)

from .excel import XLSX, as_bytes, fill

OPERATORS = ("operator_dinkes", "operator_dindik")
READERS = ("admin_dp3akb", "verifikator", "pimpinan")
REVIEWERS = ("admin_dp3akb", "verifikator")


def only(names, status: int, *, outsider: int | None = None) -> dict[str, int]:
    """``status`` for ``names``, 403 for the other personas (the outsider: 404 on a Kota
    Serang cycle when the role may read, as set by ``outsider``)."""
    expected = expect(403, **dict.fromkeys(names, status))
    if outsider is not None:
        expected["outsider"] = outsider
    return expected


def template_file(s) -> dict:
    upload = SimpleUploadedFile("templat.xlsx", s["template"], content_type=XLSX)
    return {"file": upload}


def instrument_file(s) -> dict:
    data = factories.instrument_data() | {"code": "resmi-matriks"}
    raw = json.dumps(data).encode()
    return {"file": SimpleUploadedFile("lke.json", raw, content_type="application/json")}


def instrument_url(name: str):
    return lambda s: reverse(name, args=[s["instrument"].code])


def confirm_url(s) -> str:
    return reverse("indicators:instrument-confirm", args=["0" * 64])


IMPORTED = Effect(
    ("operator_dinkes",),
    lambda b: {"entry": (Decimal(45), Decimal(50)), "imported": b["imported"] + 1},
)
CYCLE_DOWNLOADS = [
    "evaluations:export-cycle-xlsx",
    "evaluations:export-cycle-csv",
    "evaluations:export-summary-pdf",
]

ROWS = [
    Row(
        "evaluations:template-download",
        plain_url("evaluations:template-download"),
        "GET",
        only(OPERATORS, 200),
    ),
    Row(
        "evaluations:template-download",
        plain_url("evaluations:template-download"),
        "POST",
        only(OPERATORS, 405),
    ),
    Row(
        "evaluations:template-import",
        plain_url("evaluations:template-import"),
        "GET",
        only(OPERATORS, 200),
    ),
    # Dindikbud's operator sending Dinkes's file: refused on the page (200), nothing saved.
    Row(
        "evaluations:template-import",
        plain_url("evaluations:template-import"),
        "POST",
        only(OPERATORS, 200),
        data=template_file,
        effect=IMPORTED,
    ),
    *(
        Row(name, of_cycle(name), "GET", only(READERS, 200, outsider=404))
        for name in CYCLE_DOWNLOADS
    ),
    *(
        Row(name, of_cycle(name), "POST", only(READERS, 405, outsider=405))
        for name in CYCLE_DOWNLOADS
    ),
    Row(
        "evaluations:export-evidence-bundle",
        of_cycle("evaluations:export-evidence-bundle"),
        "GET",
        only(REVIEWERS, 200, outsider=404),
    ),
    Row(
        "evaluations:export-evidence-bundle",
        of_cycle("evaluations:export-evidence-bundle"),
        "POST",
        only(REVIEWERS, 405, outsider=405),
    ),
    Row(
        "indicators:instrument-json",
        instrument_url("indicators:instrument-json"),
        "GET",
        expect(200),
    ),
    Row(
        "indicators:instrument-json",
        instrument_url("indicators:instrument-json"),
        "POST",
        expect(405),
    ),
    Row(
        "indicators:instrument-excel",
        instrument_url("indicators:instrument-excel"),
        "GET",
        expect(200),
    ),
    Row(
        "indicators:instrument-excel",
        instrument_url("indicators:instrument-excel"),
        "POST",
        expect(405),
    ),
    Row(
        "indicators:instrument-upload",
        plain_url("indicators:instrument-upload"),
        "GET",
        only(("admin_dp3akb", "outsider"), 200),
    ),
    # The preview only: nothing is imported before the confirmation.
    Row(
        "indicators:instrument-upload",
        plain_url("indicators:instrument-upload"),
        "POST",
        only(("admin_dp3akb", "outsider"), 200),
        data=instrument_file,
    ),
    # A confirmation without this session's preview: refused (redirect), nothing imported.
    Row(
        "indicators:instrument-confirm",
        confirm_url,
        "POST",
        only(("admin_dp3akb", "outsider"), 302),
    ),
    Row(
        "indicators:instrument-confirm", confirm_url, "GET", only(("admin_dp3akb", "outsider"), 405)
    ),
]


def state(s: dict, persona: str) -> dict:
    entry = Entry.objects.get(pk=s["entry"].pk)
    return {
        "entry": (entry.numerator, entry.denominator),
        "imported": AuditRecord.objects.filter(action=AuditRecord.Action.IMPORTED).count(),
        "entries": Entry.objects.count(),
        "instruments": Instrument.objects.count(),
    }


def build(s: dict) -> dict:
    """An open cycle with one evidence file, and Dinkes's template with III-12.1 filled in."""
    admin = s["personas"]["admin_dp3akb"]
    cycle = factories.make_cycle(city=s["city"], by=admin)
    entry = factories.entry_of(cycle, "III-12.1")
    factories.add_evidence(entry, by=admin)

    book = load_workbook(
        BytesIO(build_template(cycle, Opd.objects.get(code="DINKES", kabupaten=s["city"])))
    )
    fill(book, "III-12.1", entry.unit.code, numerator=45, denominator=50)
    return {
        "cycle": cycle,
        "entry": entry,
        "template": as_bytes(book),
        "instrument": cycle.instrument,
    }


scenario = scenario_fixture(build)


@pytest.fixture
def media_root(scenario):
    """The scenario's evidence files stay where they were stored (the bundle reads them)."""
    return scenario["media_root"]


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, state)


def test_the_matrix_is_complete():
    names = {
        "evaluations:template-download",
        "evaluations:template-import",
        *CYCLE_DOWNLOADS,
        "evaluations:export-evidence-bundle",
        "indicators:instrument-json",
        "indicators:instrument-excel",
        "indicators:instrument-upload",
        "indicators:instrument-confirm",
    }
    assert_complete(ROWS, names)
