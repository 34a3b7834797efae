"""Numbers in Indonesian format (1.000,50) whatever the active language."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def angka(value, places: int = 2) -> str:
    """``Decimal("1000.5")|angka`` → ``1.000,50``; ``|angka:0`` → ``1.001``; None → ``–``."""
    if value is None or value == "":
        return "–"
    quantum = Decimal(1).scaleb(-int(places))
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{int(places)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@register.filter
def poin(value) -> str:
    """Points without useless decimals: 35 → ``35``, 12.5 → ``12,5``."""
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    places = max(0, -number.as_tuple().exponent)
    return angka(number, places)


@register.filter
def lookup(mapping, key):
    """``opd_names|lookup:question.default_opd_code``: a dict value in a template."""
    return mapping.get(key, "") if mapping else ""
