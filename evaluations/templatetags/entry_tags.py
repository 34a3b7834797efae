"""Showing an entry's value and its audit trail in words."""

from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from evaluations.models import DISPLAY_STATUSES, Entry
from evaluations.services.entries import value_text
from kla.formats import poin

register = template.Library()

FIELDS = {
    "evidence": _("bukti"),
    "status": _("status"),
    "requirement": _("dokumen wajib"),
    "documents": _("dokumen wajib"),  # the answers file names the required documents it attached
}
NUMBERS = {"numerator", "denominator"}
STATUS_LABELS = dict(DISPLAY_STATUSES)


@register.filter
def entry_value(entry: Entry) -> str:
    return value_text(entry)


@register.filter
def status_label(status: str) -> str:
    """A status as worklists show it (``display_status``: "Kosong" for an unanswered draft)."""
    return STATUS_LABELS.get(status, "")


@register.filter
def field_label(field: str) -> str:
    if field in FIELDS:
        return FIELDS[field]
    try:
        return Entry._meta.get_field(field).verbose_name
    except FieldDoesNotExist:
        return field


@register.filter
def audit_value(value, field: str) -> str:
    """An old or new value of the audit trail: status codes and yes/no in words."""
    if value is None or value == "":
        return "–"
    if field == "status":
        return Entry.Status(value).label
    if value is True:
        return _("Ya")
    if value is False:
        return _("Tidak")
    if field in NUMBERS:  # stored as "85.5" in the record, shown the Indonesian way: 85,5
        return poin(Decimal(value))
    return value
