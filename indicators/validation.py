"""Validate an instrument file (docs/instrument-format.md) before anything is written.

Every problem is collected with its location (``clusters[0].indicators[2].questions[1].points``
plus the code when known), so a DP3AKB officer can fix the whole file in one pass.
"""

import re
from decimal import Decimal, InvalidOperation

from evaluations.names import (
    COVERAGE,
    DIRECTIONS,
    EXISTENCE,
    HIGHER,
    KECAMATAN,
    KINDS,
    KOTA,
    LEVELS,
    LOWER,
    OPTION,
    PERCENTAGE,
)

FORMAT_NAME = "pantau-kla-instrument"
FORMAT_VERSION = 1
KINDS_BY_LEVEL = {  # the levels each answer kind may have
    OPTION: {KOTA},
    EXISTENCE: {KOTA},
    COVERAGE: {KECAMATAN},
    PERCENTAGE: {KOTA, KECAMATAN},
}
CODE_RE = re.compile(r"^[a-z0-9-]+$")
ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
ANY_DUPLICATE = "kode {code} dipakai lebih dari sekali."  # codes are unique across the file


def one_of(values) -> str:
    """The allowed values for a message: ``"a", "b" atau "c"``."""
    quoted = [f'"{value}"' for value in values]
    return f"{', '.join(quoted[:-1])} atau {quoted[-1]}"


class Problems:
    """Collects located error messages in Indonesian."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def decimal(self, data: dict, key: str, where: str, low=None, high=None, strict_low=False):
        raw = data.get(key)
        try:
            value = Decimal(str(raw)) if isinstance(raw, (str, int)) else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.add(f"{where}.{key}", f'harus berupa angka (mis. "12.5"), bukan {raw!r}.')
            return None
        too_low = low is not None and (value <= low if strict_low else value < low)
        if too_low or (high is not None and value > high):
            bound = f"lebih dari {low}" if strict_low else f"antara {low} dan {high}"
            self.add(f"{where}.{key}", f"{value} di luar rentang; harus {bound}.")
            return None
        return value

    def text(self, data: dict, key: str, where: str) -> str | None:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(f"{where}.{key}", "wajib diisi (teks).")
            return None
        return value.strip()

    def items_of(self, data: dict, key: str, where: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.add(f"{where}.{key}", "wajib berupa daftar yang tidak kosong.")
            return []
        return value

    def objects(self, items: list, prefix: str):
        """``(item, location)`` for each item that is an object; any other item is reported."""
        for i, item in enumerate(items):
            here = f"{prefix}[{i}]"
            if isinstance(item, dict):
                yield item, here
            else:
                self.add(here, "harus berupa objek.")

    def unique_code(self, data: dict, where: str, seen: set[str], duplicate: str) -> str | None:
        """The item's code, reported with ``duplicate`` (a format with {code}) if seen before."""
        code = self.text(data, "code", where)
        if code is not None:
            if code in seen:
                self.add(f"{where}.code", duplicate.format(code=repr(code)))
            seen.add(code)
        return code


def validate_instrument(data) -> list[str]:
    """Return every problem in ``data``; an empty list means it can be imported."""
    problems = Problems()
    if not isinstance(data, dict):
        return ["berkas: isi harus berupa objek JSON instrumen."]
    if data.get("format") != FORMAT_NAME or data.get("version") != FORMAT_VERSION:
        problems.add("format", f'harus "{FORMAT_NAME}" versi {FORMAT_VERSION}.')
    code = problems.text(data, "code", "instrumen")
    if code and not CODE_RE.match(code):
        problems.add("instrumen.code", "hanya huruf kecil, angka dan tanda minus.")
    problems.text(data, "name", "instrumen")
    max_score = problems.decimal(data, "max_score", "instrumen", low=ZERO, strict_low=True)
    _validate_tiers(problems, data, max_score)
    total = _validate_clusters(problems, data)
    if max_score is not None and total is not None and total != max_score:
        problems.add(
            "instrumen.max_score",
            f"jumlah poin semua pertanyaan {total} tidak sama dengan skor maksimum {max_score}.",
        )
    return problems.items


def _validate_tiers(problems: Problems, data: dict, max_score) -> None:
    previous = None
    seen: set[str] = set()
    tiers = problems.items_of(data, "tiers", "instrumen")
    for tier, where in problems.objects(tiers, "tiers"):
        problems.unique_code(tier, where, seen, "kode predikat {code} ganda.")
        problems.text(tier, "name", where)
        value = problems.decimal(tier, "min_score", where, low=ZERO, high=max_score)
        if value is not None and previous is not None and value <= previous:
            problems.add(f"{where}.min_score", f"{value} harus lebih besar dari {previous}.")
        previous = value if value is not None else previous


def _validate_clusters(problems: Problems, data: dict) -> Decimal | None:
    codes: set[str] = set()
    total = ZERO
    clusters = problems.items_of(data, "clusters", "instrumen")
    for cluster, where in problems.objects(clusters, "clusters"):
        problems.unique_code(cluster, where, codes, ANY_DUPLICATE)
        problems.text(cluster, "name", where)
        indicators = problems.items_of(cluster, "indicators", where)
        for indicator, iwhere in problems.objects(indicators, f"{where}.indicators"):
            problems.unique_code(indicator, iwhere, codes, ANY_DUPLICATE)
            problems.text(indicator, "name", iwhere)
            questions = problems.items_of(indicator, "questions", iwhere)
            for question, qwhere in problems.objects(questions, f"{iwhere}.questions"):
                total += _validate_question(problems, question, qwhere, codes)
    return total


def _validate_question(problems: Problems, question: dict, where: str, codes: set[str]) -> Decimal:
    code = problems.unique_code(question, where, codes, ANY_DUPLICATE)
    where = f"{where} ({code})" if code else where
    problems.text(question, "text", where)
    problems.text(question, "opd", where)
    points = problems.decimal(question, "points", where, low=ZERO, strict_low=True)
    level, kind = question.get("level"), question.get("kind")
    if level not in LEVELS:
        problems.add(f"{where}.level", f"harus {one_of(LEVELS)}.")
    if kind not in KINDS_BY_LEVEL:
        problems.add(f"{where}.kind", f"harus {one_of(KINDS)}.")
    elif level in LEVELS and level not in KINDS_BY_LEVEL[kind]:
        problems.add(f"{where}.level", f'jenis "{kind}" tidak boleh pada tingkat "{level}".')
    documents = question.get("documents", [])
    _validate_documents(problems, documents, where)
    if kind == EXISTENCE and not documents:
        problems.add(f"{where}.documents", "pertanyaan keberadaan wajib punya dokumen bukti.")
    _validate_kind_parameters(problems, question, kind, where)
    return points or ZERO


def _validate_documents(problems: Problems, documents, where: str) -> None:
    if not isinstance(documents, list):
        problems.add(f"{where}.documents", "harus berupa daftar.")
        return
    seen: set[str] = set()
    for document, dwhere in problems.objects(documents, f"{where}.documents"):
        problems.unique_code(document, dwhere, seen, "kode dokumen {code} ganda.")
        problems.text(document, "name", dwhere)


def _validate_kind_parameters(problems: Problems, question: dict, kind, where: str) -> None:
    if kind != OPTION and "options" in question:
        problems.add(f"{where}.options", "hanya untuk jenis option.")
    if kind != PERCENTAGE and "percentage" in question:
        problems.add(f"{where}.percentage", "hanya untuk jenis percentage.")
    if kind == OPTION:
        _validate_options(problems, question, where)
    elif kind == PERCENTAGE:
        _validate_percentage(problems, question.get("percentage"), f"{where}.percentage")


def _validate_options(problems: Problems, question: dict, where: str) -> None:
    options = problems.items_of(question, "options", where)
    if options and len(options) < 2:
        problems.add(f"{where}.options", "minimal dua pilihan jawaban.")
    seen: set[str] = set()
    shares = []
    for option, owhere in problems.objects(options, f"{where}.options"):
        problems.unique_code(option, owhere, seen, "kode pilihan {code} ganda.")
        problems.text(option, "label", owhere)
        shares.append(problems.decimal(option, "share", owhere, low=ZERO, high=ONE))
    if shares and None not in shares and max(shares) != ONE:
        problems.add(f"{where}.options", "salah satu pilihan harus bernilai penuh (share 1).")


LABELS = ("numerator_label", "denominator_label")


def _validate_percentage_labels(problems: Problems, rule: dict, where: str) -> None:
    """What the numerator and denominator count: optional, but both or neither, as text of at
    most 200 characters (the entry forms show them under the two numbers)."""
    given = [key for key in LABELS if key in rule]
    if not given:
        return
    if len(given) == 1:
        problems.add(
            where, "isi numerator_label dan denominator_label bersama (atau keduanya tidak)."
        )
    for key in given:
        text = problems.text(rule, key, where)
        if text is not None and len(text) > 200:
            problems.add(f"{where}.{key}", "paling panjang 200 karakter.")


def _validate_percentage(problems: Problems, rule, where: str) -> None:
    if not isinstance(rule, dict):
        problems.add(
            where, "wajib ada untuk jenis percentage (direction dan floor/target atau bands)."
        )
        return
    direction = rule.get("direction")
    if direction not in DIRECTIONS:
        problems.add(f"{where}.direction", f"harus {one_of(DIRECTIONS)}.")
    _validate_percentage_labels(problems, rule, where)
    has_linear = "floor" in rule or "target" in rule
    if has_linear == ("bands" in rule):
        problems.add(where, "isi floor dan target, atau bands (salah satu saja).")
        return
    if has_linear:
        floor = problems.decimal(rule, "floor", where, low=ZERO, high=HUNDRED)
        target = problems.decimal(rule, "target", where, low=ZERO, high=HUNDRED)
        if None not in (floor, target):
            if direction == HIGHER and not floor < target:
                problems.add(where, "untuk higher, floor harus lebih kecil dari target.")
            if direction == LOWER and not floor > target:
                problems.add(where, "untuk lower, floor harus lebih besar dari target.")
        return
    fractions = []
    bands = problems.items_of(rule, "bands", where)
    for band, bwhere in problems.objects(bands, f"{where}.bands"):
        problems.decimal(band, "threshold", bwhere, low=ZERO, high=HUNDRED)
        fractions.append(problems.decimal(band, "fraction", bwhere, low=ZERO, high=ONE))
    if fractions and None not in fractions and max(fractions) != ONE:
        problems.add(f"{where}.bands", "salah satu pita harus bernilai penuh (fraction 1).")
