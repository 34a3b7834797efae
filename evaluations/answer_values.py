"""Checks on one answer's values, with messages a user can read.

The one place for these rules: the entry form, the what-if form and the answers file
(``load_answers``) all refuse the same things: a negative number, a zero denominator, a
numerator above its denominator, an option that is not in the question's list. The limits
follow ``Entry.numerator``/``denominator`` (14 digits, 2 of them decimals).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from kla.formats import AngkaError, parse_angka

MAX_NUMBER = Decimal("999999999999.99")


def parse_number(raw) -> Decimal:
    """A JSON number, or a string read the Indonesian way (``"85,5"``, ``"1.250"``: the one
    rule of ``kla.formats.parse_angka``); ValueError with the reason otherwise."""
    try:
        return parse_angka(raw).value
    except AngkaError:
        raise ValueError(_("harus berupa angka (mis. 85,5 atau 1.250)")) from None


def number_errors(number: Decimal, label: str) -> list[str]:
    errors = []
    if number < 0:
        errors.append(_("%(label)s tidak boleh negatif.") % {"label": label})
    if abs(number) > MAX_NUMBER:
        errors.append(_("%(label)s terlalu besar.") % {"label": label})
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        errors.append(_("%(label)s paling banyak 2 angka desimal.") % {"label": label})
    return errors


def percentage_problems(
    numerator: Decimal | None, denominator: Decimal | None
) -> list[tuple[str | None, str]]:
    """(field, message) pairs: numerator and denominator come together, are not negative, the
    denominator is above 0, and num ≤ den. ``field`` is "numerator", "denominator" or None."""
    if numerator is None and denominator is None:
        return []
    if numerator is None or denominator is None:
        return [(None, _("Isi pembilang dan penyebut sekaligus."))]
    problems = [("numerator", m) for m in number_errors(numerator, _("Pembilang"))]
    problems += [("denominator", m) for m in number_errors(denominator, _("Penyebut"))]
    if problems:
        return problems
    if denominator == 0:
        return [("denominator", _("Penyebut harus lebih dari 0."))]
    if numerator > denominator:
        return [("numerator", _("Pembilang tidak boleh lebih besar dari penyebut."))]
    return []


def percentage_errors(numerator: Decimal | None, denominator: Decimal | None) -> list[str]:
    return [message for _field, message in percentage_problems(numerator, denominator)]


def option_errors(code: str, allowed: dict[str, object]) -> list[str]:
    if code in allowed:
        return []
    return [
        _("Pilihan “%(code)s” tidak ada; pilihan yang sah: %(allowed)s.")
        % {"code": code, "allowed": ", ".join(allowed)}
    ]
