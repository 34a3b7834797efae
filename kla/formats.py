"""Numbers in Indonesian format (1.000,50) whatever the active language.

Plain functions, used by services, forms, dashboards and reports; the template filters of
``indicators/templatetags/kla_format.py`` wrap them for templates. Nothing outside templates
imports a template tag.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def angka(value, places: int = 2) -> str:
    """``angka(Decimal("1000.5"))`` → ``1.000,50``; ``angka(x, 0)`` → ``1.001``; None → ``–``."""
    if value is None or value == "":
        return "–"
    quantum = Decimal(1).scaleb(-int(places))
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{int(places)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def poin(value) -> str:
    """Points without useless decimals: 35 → ``35``, 12.5 → ``12,5``."""
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    places = max(0, -number.as_tuple().exponent)
    return angka(number, places)


# Reading numbers typed the Indonesian way: the one parser behind every number field
# (kla/forms.AngkaField) and the answers file. The rule is written out in docs/angka.md.

DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: Decimal would read "٣" too


class AngkaError(ValueError):
    """The text is not a number as this app reads one; ``str(error)`` says why."""


@dataclass(frozen=True)
class Angka:
    """A parsed number; ``ambiguous`` when the text could also be read another way (the
    reading chosen is then said back to the user: ``1.250`` is 1.250, not 1,25)."""

    value: Decimal
    ambiguous: bool = False


def _groups_ok(text: str, separator: str) -> bool:
    """``1.250.000``: a first group of 1-3 digits, then groups of exactly 3."""
    groups = text.split(separator)
    return (
        all(DIGITS.fullmatch(group) for group in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(group) == 3 for group in groups[1:])
    )


def _split(body: str, *, integer: bool) -> tuple[str, str, bool]:
    """(whole part without separators, fraction digits, ambiguous) or AngkaError."""
    invalid = AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
    dots, commas = body.count("."), body.count(",")
    if dots and commas:  # both: the last one is the decimal mark, the other groups thousands
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _mark, fraction = body.rpartition(decimal)
        if body.count(decimal) != 1 or not _groups_ok(whole, thousands):
            raise invalid
        return whole.replace(thousands, ""), fraction, False
    mark = "." if dots else ","
    count = dots or commas
    if count == 0:
        return body, "", False
    if count > 1:  # 1.250.000 (or 1,250,000): thousands only
        if not _groups_ok(body, mark):
            raise invalid
        return body.replace(mark, ""), "", False
    whole, fraction = body.split(mark)
    looks_grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if integer:  # a field of whole numbers: "1.250" is 1250, any other mark is a fraction
        if mark == "." and looks_grouped:
            return whole + fraction, "", False
        return whole, fraction, False
    if looks_grouped and mark == ".":  # the Indonesian reading, as this app shows 1250: 1.250
        return whole + fraction, "", True
    return whole, fraction, looks_grouped  # "85,5", "85.5"; "1,250" is 1,25 (said back)


def parse_angka(text, *, integer: bool = False) -> Angka:
    """``85,5`` and ``85.5`` → 85.5; ``1.250`` → 1250; ``1.250,5`` → 1250.5; ``-3`` → -3.

    Whole numbers (``integer=True``) refuse any fraction. Anything else raises AngkaError with
    a message a user can read. Range and decimal places are the caller's checks.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float, Decimal)):
        raise AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
    if not isinstance(text, str):  # a number already (a JSON number, a stored value)
        number = Decimal(str(text))
        if not number.is_finite() or (integer and number != number.to_integral_value()):
            raise AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
        return Angka(number)
    cleaned = text.strip(" \t\r\n\u00a0\u202f")  # inside the number, a space is refused
    sign = ""
    if cleaned[:1] in {"-", "\u2212"}:
        sign, cleaned = "-", cleaned[1:]
    if not cleaned or not re.fullmatch(r"[0-9.,]+", cleaned) or not re.search(r"[0-9]", cleaned):
        raise AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
    whole, fraction, ambiguous = _split(cleaned, integer=integer)
    if not DIGITS.fullmatch(whole or "0") or (fraction and not DIGITS.fullmatch(fraction)):
        raise AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
    if integer and fraction:
        raise AngkaError(_("harus bilangan bulat, tanpa koma; ribuan boleh dengan titik: 1.250"))
    if not fraction and cleaned[-1] in ".,":
        raise AngkaError(_("bukan angka; tulis mis. 85,5 atau 1.250"))
    # No quantize: a 29-digit number passes Decimal's precision and must still reach the
    # field's own "too long" message, not an InvalidOperation.
    text = f"{sign}{whole or '0'}" + (f".{fraction}" if fraction else "")
    return Angka(Decimal(text), ambiguous)


def reading_note(text: str, label: str) -> str | None:
    """What to tell the user when ``text`` could be read two ways: the reading that was used."""
    try:
        parsed = parse_angka(text)
    except AngkaError:
        return None
    if not parsed.ambiguous:
        return None
    return _(
        "%(label)s: “%(text)s” dibaca sebagai %(value)s. Bila maksud Anda lain: desimal "
        "ditulis dengan koma (1,25), ribuan dengan titik (1.250)."
    ) % {"label": label, "text": text.strip(), "value": poin(parsed.value)}
