"""Checks on one answer's values, with messages a user can read.

Shared by the what-if form and the answers file (``load_answers``), so both refuse what the
entry form refuses: a negative number, a numerator above its denominator, an option that is
not in the question's list. The limits follow ``Entry.numerator``/``denominator``
(14 digits, 2 of them decimals).
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_NUMBER = Decimal("999999999999.99")


def parse_number(raw) -> Decimal:
    """A JSON number or numeric string as Decimal; ValueError with the reason otherwise."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(_("harus berupa angka"))
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(_("harus berupa angka")) from None
    if not number.is_finite():
        raise ValueError(_("harus berupa angka"))
    return number


def number_errors(number: Decimal, label: str) -> list[str]:
    errors = []
    if number < 0:
        errors.append(_("%(label)s tidak boleh negatif.") % {"label": label})
    if abs(number) > MAX_NUMBER:
        errors.append(_("%(label)s terlalu besar.") % {"label": label})
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        errors.append(_("%(label)s paling banyak 2 angka desimal.") % {"label": label})
    return errors


def percentage_errors(numerator: Decimal | None, denominator: Decimal | None) -> list[str]:
    """Numerator and denominator come together, are not negative, and num ≤ den."""
    if numerator is None and denominator is None:
        return []
    if numerator is None or denominator is None:
        return [_("Isi pembilang dan penyebut bersama-sama.")]
    errors = number_errors(numerator, _("Pembilang")) + number_errors(denominator, _("Penyebut"))
    if not errors and numerator > denominator:
        errors.append(_("Pembilang tidak boleh lebih besar dari penyebut."))
    return errors


def option_errors(code: str, allowed: dict[str, object]) -> list[str]:
    if code in allowed:
        return []
    return [
        _("Pilihan “%(code)s” tidak ada; pilihan yang sah: %(allowed)s.")
        % {"code": code, "allowed": ", ".join(allowed)}
    ]
