"""Load the OPD list of one kabupaten/kota from a JSON file (``[{"code", "name"}]``)."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kla.wilayah.models import Region

from .models import Opd

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "fixtures" / "opd_kota_serang.json"


@transaction.atomic
def load_opds(kabupaten: Region, source: Path = DEFAULT_SOURCE) -> int:
    """Create or rename the listed OPDs; returns how many were created. Idempotent."""
    created = 0
    for item in json.loads(source.read_text(encoding="utf-8")):
        _, was_created = Opd.objects.update_or_create(
            kabupaten=kabupaten, code=item["code"], defaults={"name": item["name"]}
        )
        created += was_created
    return created
