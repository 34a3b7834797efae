"""Plain factory functions with keyword defaults (STYLE.md: no factory library needed)."""

import itertools
import json
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
