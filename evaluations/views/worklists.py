"""Worklists of the current cycle: "Tugas saya", the verification queue, the progress overview.

Decisions: the progress overview is read-only and open to Admin KLA, Verifikator and Pimpinan
(it is a report); the queue is for those who review; "Tugas saya" is for Operator OPD only.
"""

from functools import wraps

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required
from kla.accounts.models import Role

from .. import access
from ..forms.worklists import TaskFilterForm
from ..models import DISPLAY_STATUSES, Entry
from ..services.entries import unmet_requirements

PENDING_STATUSES = (Entry.Status.DRAFT, Entry.Status.RETURNED)


def deadline_context(cycle) -> dict:
    return {
        "cycle": cycle,
        "deadline": cycle.entry_deadline(),
        "is_open": cycle.is_entry_open,
        "overdue": cycle.entry_deadline_passed(timezone.localdate()),
    }


def with_current_cycle(template: str):
    """Give the view the city's current cycle; without one, ``template`` shows its empty state."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            cycle = access.current_cycle(request.user)
            if cycle is None:
                return render(request, template, {"cycle": None})
            return view(request, cycle, *args, **kwargs)

        return wrapper

    return decorator


@role_required(Role.OPERATOR_OPD)
@require_GET
@with_current_cycle("evaluations/my_tasks.html")
def my_tasks(request, cycle):
    entries = access.entries_for(request.user).of_cycle(cycle)
    form = TaskFilterForm(request.GET, cycle=cycle, opd=request.user.opd_id)
    rows = list(form.apply(entries.worklist()))
    dates = deadline_context(cycle)
    for entry in rows:
        entry.missing_documents = unmet_requirements(
            entry.question.documents.all(), entry.current_evidence
        )
        entry.late = dates["overdue"] and entry.status in PENDING_STATUSES
    context = {
        **dates,
        "form": form,
        "entries": rows,
        "statuses": DISPLAY_STATUSES,
        "totals": entries.status_totals(),
    }
    return render(request, "evaluations/my_tasks.html", context)


@role_required(*access.REVIEWERS)
@require_GET
@with_current_cycle("evaluations/verification_queue.html")
def review_queue(request, cycle):
    entries = access.entries_for(request.user).of_cycle(cycle).review_queue()
    context = {**deadline_context(cycle), "entries": entries}
    return render(request, "evaluations/verification_queue.html", context)


@role_required(*access.OVERSEERS)
@require_GET
@with_current_cycle("evaluations/progress.html")
def progress(request, cycle):
    entries = access.entries_for(request.user).of_cycle(cycle)
    context = {
        **deadline_context(cycle),
        "by_opd": entries.progress_by_opd(),
        "by_indicator": entries.progress_by_indicator(),
        "totals": entries.status_totals(),
    }
    return render(request, "evaluations/progress.html", context)
