"""Numbers in Indonesian format (1.000,50) whatever the active language.

Plain functions, used by services, forms, dashboards and reports; the template filters of
``indicators/templatetags/kla_format.py`` wrap them for templates. Nothing outside templates
imports a template tag.
"""

from decimal import ROUND_HALF_UP, Decimal


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
