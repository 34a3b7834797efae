"""Template filters for numbers in Indonesian format; the rules live in kla/formats.py."""

from django import template

from kla import formats

register = template.Library()

register.filter("angka", formats.angka)
register.filter("poin", formats.poin)


@register.filter
def lookup(mapping, key):
    """``opd_names|lookup:question.default_opd_code``: a dict value in a template."""
    return mapping.get(key, "") if mapping else ""
