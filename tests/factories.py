"""Plain factory functions with keyword defaults (STYLE.md: no factory library needed)."""

import itertools
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from indicators.exchange import import_instrument
from indicators.models import Instrument
from kla.accounts.models import Role, User
from kla.organisations.loader import load_opds
from kla.organisations.models import Opd
from kla.wilayah.loader import load_regions
from kla.wilayah.models import Region

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PASSWORD = "sandi-uji-123"  # noqa: S105
_counter = itertools.count(1)

# What every test runs with (tests/conftest.py), and the matrix scenarios built once per module.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LANGUAGE_CODE": "id",
    # Hashed static names need `collectstatic` first; tests render pages without it (the one
    # test of the production static stack runs collectstatic itself: tests/kla/test_static.py).
    "STORAGES": {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}

# The named personas of STYLE.md: name → (role, OPD code, username). All belong to Kota Serang
# except the outsider, the Admin KLA of another kabupaten/kota (must see nothing of Serang).
PERSONAS = {
    "admin_dp3akb": (Role.ADMIN_KLA, "", "admin.dp3akb"),
    "verifikator": (Role.VERIFIKATOR, "", "verifikator"),
    "operator_dinkes": (Role.OPERATOR_OPD, "DINKES", "operator.dinkes"),
    "operator_dindik": (Role.OPERATOR_OPD, "DINDIKBUD", "operator.dindik"),
    "pimpinan": (Role.PIMPINAN, "", "walikota"),
    "outsider": (Role.ADMIN_KLA, "", "admin.cilegon"),
}


def kota_serang() -> Region:
    load_regions("36.73", FIXTURES / "kota_serang_wilayah.csv")
    city = Region.objects.get(code="36.73")
    load_opds(city)
    return city


def other_city(code: str = "36.72", name: str = "Kota Cilegon", kecamatan: int = 2) -> Region:
    city = Region.objects.create(code=code, name=name, level=Region.Level.KABUPATEN_KOTA)
    for n in range(1, kecamatan + 1):
        Region.objects.create(
            code=f"{code}.{n:02d}", name=f"Kecamatan {n}", level=Region.Level.KECAMATAN, parent=city
        )
    opds = json.loads((FIXTURES / "opd_kota_serang.json").read_text(encoding="utf-8"))
    Opd.objects.bulk_create(
        Opd(kabupaten=city, code=opd["code"], name=f"{opd['code']} {name}") for opd in opds
    )
    return city


def instrument_data() -> dict:
    return json.loads((FIXTURES / "instrument_contoh.json").read_text(encoding="utf-8"))


def default_instrument() -> Instrument:
    existing = Instrument.objects.filter(code="contoh-2026").first()
    return existing or import_instrument(instrument_data())


def make_user(*, city: Region, role: str = Role.ADMIN_KLA, opd_code: str = "", **kwargs) -> User:
    opd = Opd.objects.get(kabupaten=city, code=opd_code) if opd_code else None
    kwargs.setdefault("username", f"pengguna{next(_counter)}")
    user = User(role=role, kabupaten=city, opd=opd, **kwargs)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def persona(name: str, city: Region) -> User:
    role, opd_code, username = PERSONAS[name]
    return make_user(city=city, role=role, opd_code=opd_code, username=username)


def personas(city: Region, other: Region) -> dict[str, User]:
    """Every persona: the outsider in ``other``, the others in ``city``."""
    return {name: persona(name, other if name == "outsider" else city) for name in PERSONAS}


def make_cycle(
    *, city: Region, year: int = 2026, instrument=None, open_entry: bool = True, by=None, **kwargs
):
    """A cycle with all five stages; the entry window contains today unless ``open_entry`` is
    False (then it ended yesterday)."""
    import datetime

    from django.utils import timezone

    from evaluations.models import Stage
    from evaluations.services.cycles import create_cycle

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    if open_entry:
        mandiri = (today - 10 * day, today + 20 * day)
    else:
        mandiri = (today - 40 * day, today - day)
    end = mandiri[1]
    stages = {
        Stage.Kind.EVALUASI_MANDIRI: mandiri,
        Stage.Kind.VERIFIKASI_INTERNAL: (end + day, end + 10 * day),
        Stage.Kind.VERIFIKASI_PROVINSI: (end + 11 * day, end + 30 * day),
        Stage.Kind.VERIFIKASI_LAPANGAN: (end + 31 * day, end + 40 * day),
        Stage.Kind.PENETAPAN: (end + 60 * day, end + 60 * day),
    }
    by = by or make_user(city=city, role=Role.ADMIN_KLA)
    return create_cycle(
        kabupaten=city,
        year=year,
        instrument=instrument or default_instrument(),
        stages=stages,
        by=by,
        **kwargs,
    )


def forget_kept() -> None:
    """Nothing kept in this process (evaluations/scores/cached.py, the loader's instruments):
    the next page pays what the first page after a restart would."""
    from evaluations.scores.cached import forget_all
    from evaluations.scores.loader import forget_instruments

    forget_all()
    forget_instruments()


def set_entry_state(entry, **fields):
    """Put an entry in a state directly (worklist and reminder tests; bypasses the services)."""
    from django.utils import timezone

    from evaluations.models import Entry

    # updated_at as save() would set it: pages keep results per state (scores/cached.py).
    Entry.objects.filter(pk=entry.pk).update(**{"updated_at": timezone.now(), **fields})
    entry.refresh_from_db()
    return entry


def evidence_row(entry, *, requirement=None, content_type="application/pdf", by=None, **kwargs):
    """A stored Evidence row with a tiny file, without going through the upload service."""
    import hashlib

    from django.core.files.base import ContentFile

    from evaluations.models import Evidence

    content = kwargs.pop("content", b"%PDF-1.4 contoh\n%%EOF\n")
    name = kwargs.pop("original_name", "bukti.pdf")
    evidence = Evidence(
        entry=entry,
        requirement=requirement,
        title=kwargs.pop("title", requirement.name if requirement else "Bukti"),
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by or make_user(city=entry.cycle.kabupaten, role=Role.ADMIN_KLA),
        **kwargs,
    )
    evidence.file.save(name, ContentFile(content), save=True)
    return evidence


def stage_form_data(first_day, *, days: int = 30) -> dict:
    """POST data for the five stage windows, one after the other from ``first_day``."""
    import datetime

    from evaluations.models import Stage

    data = {}
    for n, kind in enumerate(Stage.Kind.values):
        starts = first_day + datetime.timedelta(days=n * (days + 1))
        data[f"{kind}_mulai"] = starts.isoformat()
        data[f"{kind}_selesai"] = (starts + datetime.timedelta(days=days)).isoformat()
    return data


# Entries and evidence: real files built in memory (a valid PDF, PNG and DOCX).


def entry_of(cycle, code: str = "III-12.1", unit=None):
    """The entry of ``code`` for ``unit`` (default: the question's first unit by code)."""
    from evaluations.models import Entry

    entries = Entry.objects.filter(cycle=cycle, question__code=code).order_by("unit__code")
    return entries.get(unit=unit) if unit is not None else entries.first()


def pdf_bytes(text: str = "Bukti dukung") -> bytes:
    """A small but valid one-page PDF (the demo data's generator, rendered once per text)."""
    from evaluations.demo.pdf import demo_pdf

    return demo_pdf(text)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x0f\x5e\x73" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


OOXML_MAIN = {  # the main part of each package: (path, content type)
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}


def content_types_xml(main_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>'
    )


def ooxml_bytes(kind: str = "docx", *, extra: dict | None = None, content_types=None) -> bytes:
    """A minimal but well-formed DOCX or XLSX package, with ``extra`` members if given."""
    import io
    import zipfile

    path, main_type = OOXML_MAIN[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types or content_types_xml(main_type))
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(path, "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return ooxml_bytes("docx")


def jpeg_bytes(width: int = 4, height: int = 4) -> bytes:
    """A real JPEG (Pillow), one colour."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (15, 94, 115)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name: str = "bukti.pdf", content: bytes | None = None, content_type: str = ""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = pdf_bytes() if content is None else content
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


def add_evidence(entry, *, by, requirement=None, name: str = "bukti.pdf", title: str = ""):
    """Upload a real PDF through the service (the entry window must be open)."""
    from evaluations.services.evidence import upload_evidence

    return upload_evidence(
        entry, user=by, upload=upload(name), title=title, requirement=requirement
    )


def ready_entry(entry, *, by, numerator=45, denominator=50):
    """A percentage entry with a value and every required document: ready to submit."""
    from evaluations.services.entries import save_entry

    entry = save_entry(
        entry,
        user=by,
        values={"numerator": Decimal(numerator), "denominator": Decimal(denominator)},
        version=entry.version,
    )
    for document in entry.question.documents.all():
        add_evidence(entry, by=by, requirement=document, name=f"{document.code}.pdf")
    return entry


def submitted_entry(entry, *, by):
    from evaluations.services.entries import submit_entry

    return submit_entry(ready_entry(entry, by=by), user=by)


# Scores: answers loaded as the demo does (fixtures/demo_answers_<year>.json), official results.


def answers_file(rows: list[dict], *, kode: str = "36.73", tahun: int = 2026) -> dict:
    """A ``pantau-kla-answers`` document (docs/answers-format.md) with these rows."""
    return {
        "format": "pantau-kla-answers",
        "version": 1,
        "kode": kode,
        "tahun": tahun,
        "answers": rows,
    }


def load_demo_answers(cycle, *, by, year: int = 2026):
    """Load the demo answers of ``year`` into ``cycle`` (a Kota Serang cycle of that year)."""
    from evaluations.services.answers_file import load_answers, read_answers_file

    return load_answers(read_answers_file(FIXTURES / f"demo_answers_{year}.json"), by=by)


# The totals of the 2026 demo answers, worked out by hand (README: what seed_demo prints).
# They are the point only where the demo data itself or a command's printed output is tested;
# every page test takes its figures from the scoring engine through ``demo_scores`` instead.
DEMO_CLAIMED_2026 = Decimal("589.16")
DEMO_VERIFIED_2026 = Decimal("545.94")
MADYA_FROM = Decimal(601)  # the example instrument's Madya threshold (both totals are Pratama)


def demo_cycle(city, *, by, year: int = 2026):
    """A Kota Serang cycle with the demo answers (in 2026: DEMO_CLAIMED_2026 and
    DEMO_VERIFIED_2026)."""
    cycle = make_cycle(city=city, year=year, by=by)
    load_demo_answers(cycle, by=by, year=year)
    return cycle


def demo_scores(cycle):
    """The claimed and verified ``CycleScore`` of ``cycle`` by the scoring engine: the figures
    every page must show (their total, gap, tier)."""
    from evaluations import names
    from evaluations.scores.loader import load_cycle_data

    data = load_cycle_data(cycle)
    return data.score(names.CLAIMED), data.score(names.VERIFIED)


# Dashboards: many answers at once, official results.


def fill_answers(cycle, *, status: str = "submitted", level: int = 80) -> None:
    """Answer every entry of ``cycle`` in bulk (one read, one bulk update per 500 entries):
    percentages at ``level`` % minus 5 per later unit (so kecamatan differ), the best option,
    and "yes" except in every third unit."""
    from django.utils import timezone

    from evaluations.models import Entry
    from indicators.models import AnswerOption

    entries = list(Entry.objects.filter(cycle=cycle).select_related("unit", "question"))
    now = timezone.now()  # as save() would: pages keep results per state (scores/cached.py)
    position = {code: n for n, code in enumerate(sorted({e.unit.code for e in entries}))}
    best = {}
    options = AnswerOption.objects.filter(question__in={e.question_id for e in entries})
    for option in options.order_by("question_id", "-share"):
        best.setdefault(option.question_id, option.pk)
    for entry in entries:
        n, kind = position[entry.unit.code], entry.question.kind
        if kind == "percentage":
            entry.numerator, entry.denominator = max(level - 5 * n, 0), 100
        elif kind == "option":
            entry.option_id = best.get(entry.question_id)
        else:
            entry.yes = n % 3 != 2
        entry.status, entry.updated_at = status, now
    fields = ["numerator", "denominator", "option", "yes", "status", "updated_at"]
    Entry.objects.bulk_update(entries, fields, batch_size=500)


def official_result(cycle, stage: str = "final", *, total=None, tier_code: str = "", by=None):
    """An official result row, straight through the ORM (no audit)."""
    from evaluations.models import OfficialResult

    by = by or make_user(city=cycle.kabupaten, role=Role.ADMIN_KLA)
    return OfficialResult.objects.create(
        cycle=cycle, stage=stage, total=total, tier_code=tier_code, entered_by=by
    )


def load_answers_rows(rows: list[dict], *, by, kode: str = "36.73", tahun: int = 2026):
    """Load a few answers through the answers file service (validated, audited, with PDFs)."""
    from evaluations.services.answers_file import load_answers

    return load_answers(answers_file(rows, kode=kode, tahun=tahun), by=by)


def one_kecamatan_admin(instrument) -> User:
    """The Admin KLA of a city with a single kecamatan and a cycle: query counts must not
    differ from Kota Serang's six."""
    city = other_city(code="36.71", name="Kota Satu", kecamatan=1)
    admin = make_user(city=city, role=Role.ADMIN_KLA)
    make_cycle(city=city, instrument=instrument, by=admin)
    return admin


# Province (issue 12): a provinsi over some cities, its people, and generated cities.


def province(code: str = "36", name: str = "Banten", cities=()) -> Region:
    """The provinsi ``code``, made the parent of ``cities``."""
    made, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": Region.Level.PROVINSI}
    )
    Region.objects.filter(pk__in=[city.pk for city in cities]).update(parent=made)
    for city in cities:
        city.parent = made
    return made


def province_user(region: Region, role: str = Role.VERIFIKATOR_PROVINSI, **kwargs) -> User:
    kwargs.setdefault("username", f"provinsi{next(_counter)}")
    user = User(role=role, provinsi=region, **kwargs)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def small_cities(parent: Region, count: int, *, kecamatan: int = 1, start: int = 1) -> list:
    """``count`` kabupaten/kota under ``parent`` with ``kecamatan`` kecamatan each (and OPDs)."""
    cities = []
    for n in range(start, start + count):
        code = f"{parent.code}.{n:02d}"
        city = other_city(code=code, name=f"Kabupaten Uji {n}", kecamatan=kecamatan)
        city.parent = parent
        city.save(update_fields=["parent"])
        cities.append(city)
    return cities


def generated_cities(cities, *, years=(2025, 2026), seed: int = 7, current_stages=None):
    """Generated cycles for ``cities`` (evaluations/demo/nation.py), snapshots included."""
    from evaluations.demo.nation import generate_cities

    return generate_cities(
        cities,
        instrument=default_instrument(),
        years=years,
        seed=seed,
        current_stages=current_stages,
    )
