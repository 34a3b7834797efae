"""One access helper per object type (STYLE.md).

- An object of another kabupaten/kota, or (for an Operator OPD) an entry not assigned to their
  OPD, is a 404: its existence is not revealed.
- A role that may read but not do the action gets a 403 (``require_role``).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kla.accounts.access import (  # noqa: F401 (the role groups, re-exported for the views)
    COMMENTERS,
    EDITORS,
    MANAGERS,
    OVERSEERS,
    REVIEWERS,
    SIMULATORS,
)
from kla.accounts.models import Role

from .models import Cycle, Entry, Evidence


def require_role(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied


def cycles_for(user):
    return Cycle.objects.filter(kabupaten_id=user.kabupaten_id)


def get_cycle(user, cycle_id: int) -> Cycle:
    return get_object_or_404(cycles_for(user), pk=cycle_id)


def current_cycle(user) -> Cycle | None:
    """The city's latest cycle (by year)."""
    return cycles_for(user).order_by("-year").first()


def entries_for(user):
    """Entries the user may see: the whole city, or for an operator only their OPD's."""
    entries = Entry.objects.filter(cycle__kabupaten_id=user.kabupaten_id)
    if user.role == Role.OPERATOR_OPD:
        entries = entries.assigned_to(user.opd_id)
    return entries


def get_entry(user, entry_id: int) -> Entry:
    queryset = entries_for(user).select_related("cycle", "question__indicator", "unit", "option")
    return get_object_or_404(queryset, pk=entry_id)


def get_evidence(user, evidence_id: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(entry__in=entries_for(user)).select_related("entry"),
        pk=evidence_id,
    )
