"""The instrument from the browser: read an uploaded JSON file, preview it, keep it until the
Admin KLA confirms.

Validation is indicators/validation.py's, importing is indicators/exchange.py's (which
validates again): the browser adds no rule of its own. Between the preview and the confirmation
the file waits on the server under its SHA-256 (``MEDIA_ROOT/unggahan-instrumen/<sha>.json``,
private like the evidence), and the session remembers which checksum this user previewed: the
confirmation imports exactly the bytes that were shown, never a file sent again.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exchange import InstrumentImportError, import_instrument
from .models import Instrument
from .validation import validate_instrument

MAX_BYTES = 2 * 1024 * 1024
FOLDER = "unggahan-instrumen"
SESSION_KEY = "instrument_upload_sha256"
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ClusterPreview:
    code: str
    name: str
    indicators: list[tuple[str, str, Decimal, int]]  # code, name, points, questions
    points: Decimal


@dataclass
class Preview:
    sha256: str
    filename: str
    code: str = ""
    name: str = ""
    illustrative: bool = False
    max_score: Decimal | None = None
    tiers: list[tuple[str, str]] = field(default_factory=list)  # name, min score as written
    clusters: list[ClusterPreview] = field(default_factory=list)
    questions: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((c.points for c in self.clusters), Decimal(0))

    @property
    def ok(self) -> bool:
        return not self.problems


def read_upload(upload) -> tuple[bytes, dict]:
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise UploadRefused(_("Berkas terlalu besar: maksimum 2 MB."))
    return raw, parse(raw)


def parse(raw: bytes) -> dict:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UploadRefused(_("Berkas bukan teks UTF-8: unggah berkas JSON instrumen.")) from None
    except json.JSONDecodeError as error:
        raise UploadRefused(
            _("Berkas bukan JSON yang sah (baris %(line)d, kolom %(column)d): %(msg)s.")
            % {"line": error.lineno, "column": error.colno, "msg": error.msg}
        ) from None


def preview(raw: bytes, data, filename: str) -> Preview:
    """What the file holds and every problem with its location (nothing is written)."""
    result = Preview(hashlib.sha256(raw).hexdigest(), filename)
    result.problems = validate_instrument(data)
    if not isinstance(data, dict):
        return result
    code = data.get("code")
    if isinstance(code, str) and Instrument.objects.filter(code=code).exists():
        result.problems.append(
            _("instrumen.code: instrumen %(code)r sudah ada; pakai kode lain.") % {"code": code}
        )
    result.code, result.name = _text(code), _text(data.get("name"))
    result.illustrative = data.get("illustrative") is True
    result.max_score = _number(data.get("max_score"))
    result.tiers = [
        (_text(t.get("name")), _text(t.get("min_score"))) for t in _dicts(data, "tiers")
    ]
    for cluster in _dicts(data, "clusters"):
        indicators = []
        for indicator in _dicts(cluster, "indicators"):
            questions = _dicts(indicator, "questions")
            points = sum((_number(q.get("points")) or Decimal(0) for q in questions), Decimal(0))
            indicators.append(
                (_text(indicator.get("code")), _text(indicator.get("name")), points, len(questions))
            )
            result.questions += len(questions)
        total = sum((points for _c, _n, points, _q in indicators), Decimal(0))
        result.clusters.append(
            ClusterPreview(
                _text(cluster.get("code")), _text(cluster.get("name")), indicators, total
            )
        )
    return result


def _dicts(data: dict, key: str) -> list[dict]:
    items = data.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _number(value) -> Decimal | None:
    try:
        number = Decimal(str(value)) if isinstance(value, (str, int)) else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def _path(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / f"{sha256}.json"


def stash(raw: bytes, sha256: str, session) -> None:
    path = _path(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    session[SESSION_KEY] = sha256


def confirm(sha256: str, session, *, by) -> Instrument:
    """Import the previewed file (validated again); UploadRefused or InstrumentImportError."""
    if not SHA_RE.match(sha256) or session.get(SESSION_KEY) != sha256:
        raise UploadRefused(_("Pratinjau ini sudah tidak berlaku; unggah berkasnya lagi."))
    path = _path(sha256)
    if not path.exists():
        raise UploadRefused(_("Berkas pratinjau sudah tidak ada; unggah berkasnya lagi."))
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise UploadRefused(_("Berkas pratinjau berubah; unggah berkasnya lagi."))
    instrument = import_instrument(parse(raw), by=by, sha256=sha256)
    path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)
    return instrument


__all__ = ["InstrumentImportError", "UploadRefused", "confirm", "preview", "read_upload", "stash"]
