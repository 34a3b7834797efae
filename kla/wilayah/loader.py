"""Load regions from the national Kemendagri reference file (``kode,nama,tingkat``).

Idempotent: a region already present (same code) is updated in place, never duplicated.
"""

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Region

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "fixtures" / "wilayah_kemendagri_2025.csv.gz"
BATCH = 2000
LEVEL_BY_DEPTH = [
    Region.Level.PROVINSI,
    Region.Level.KABUPATEN_KOTA,
    Region.Level.KECAMATAN,
    Region.Level.DESA_KELURAHAN,
]


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


def read_rows(source: Path = DEFAULT_SOURCE) -> Iterator[tuple[str, str, str]]:
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["kode"].strip(), row["nama"].strip(), row["tingkat"].strip()


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def select_rows(rows, kabupaten_code: str | None):
    """Rows of one kabupaten/kota (with its provinsi), or every row when no code is given."""
    if kabupaten_code is None:
        return list(rows)
    provinsi = kabupaten_code.split(".")[0]
    return [
        row
        for row in rows
        if row[0] == provinsi or row[0] == kabupaten_code or row[0].startswith(kabupaten_code + ".")
    ]


@transaction.atomic
def load_regions(kabupaten_code: str | None = None, source: Path = DEFAULT_SOURCE) -> LoadResult:
    rows = select_rows(read_rows(source), kabupaten_code)
    if kabupaten_code and not any(code == kabupaten_code for code, _, _ in rows):
        raise ValueError(f"Kode {kabupaten_code} tidak ada di berkas wilayah.")
    # Parents come before children in code order, so each level can find its parent's id.
    rows.sort(key=lambda row: (row[0].count("."), row[0]))
    existing = dict(Region.objects.values_list("code", "id"))
    created = updated = 0
    for depth in range(4):
        level_rows = [row for row in rows if row[0].count(".") == depth]
        new, changed = [], []
        codes = {code for code, _, _ in level_rows}
        # Select by level, not with code__in: a national load has more codes than SQLite
        # accepts as query parameters.
        current = {
            r.code: r for r in Region.objects.filter(level=LEVEL_BY_DEPTH[depth]) if r.code in codes
        }
        for code, name, level in level_rows:
            parent_id = existing.get(parent_code(code)) if parent_code(code) else None
            region = current.get(code)
            if region is None:
                new.append(Region(code=code, name=name, level=level, parent_id=parent_id))
            elif (region.name, region.level, region.parent_id) != (name, level, parent_id):
                region.name, region.level, region.parent_id = name, level, parent_id
                changed.append(region)
        Region.objects.bulk_create(new, batch_size=BATCH)
        Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=BATCH)
        created += len(new)
        updated += len(changed)
        if new:
            existing = dict(Region.objects.values_list("code", "id"))
    return LoadResult(created=created, updated=updated)
