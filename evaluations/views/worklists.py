"""Worklists of the current cycle: "Tugas saya", the city-wide "Daftar isian", the verification
queue, the progress overview.

Decisions: the progress overview and "Daftar isian" are read-only and open to Admin KLA,
Verifikator and Pimpinan (a count on a report must open the entries it counts, for whoever may
read the report); the queue is for those who review; "Tugas saya" is for Operator OPD only.
All three lists share one filter form (forms/worklists.py), its values in the URL.
"""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required
from kla.accounts.models import Role

from .. import access
from ..forms.worklists import EntryFilterForm
from ..models import DISPLAY_STATUSES, Entry
from ..services.entries import unmet_requirements
from .back import entry_links

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


def worklist_context(
    request, cycle, entries, form: EntryFilterForm, *, show_opd: bool = True
) -> dict:
    """Rows by urgency (verified ones apart, folded), what each still lacks and its link (with
    the way back to this list, for the entry page's breadcrumb), the status badges as filter
    links."""
    dates = deadline_context(cycle)
    rows = form.apply(entries.worklist(with_opd=show_opd), overdue=dates["overdue"])
    rows = entry_links(rows, request)
    for entry in rows:
        entry.missing_documents = unmet_requirements(
            entry.question.documents.all(), entry.current_evidence
        )
        entry.late = dates["overdue"] and entry.status in PENDING_STATUSES
    # Each badge counts what choosing it would list: the other filters kept.
    others = form.apply(entries.with_display_status(), overdue=dates["overdue"], status=False)
    counts = others.status_totals()
    chosen = form.data_or_empty.get("status") or ""
    statuses = [
        {
            "status": status,
            "label": label,
            "count": counts[status],
            "url": "?" + form.query(status=None if status == chosen else status),
            "chosen": status == chosen,
        }
        for status, label in DISPLAY_STATUSES
    ]
    return {
        **dates,
        "form": form,
        "show_opd": show_opd,
        "entries": [e for e in rows if e.status != Entry.Status.VERIFIED],
        "verified": [e for e in rows if e.status == Entry.Status.VERIFIED],
        "unfold_verified": chosen == Entry.Status.VERIFIED,
        "statuses": statuses,
        # For the empty state: does the list hold any entry at all? With no other filter the
        # badges' counts say so; otherwise the template asks (EXISTS) only when it lists none.
        "has_entries": entries.exists if form.narrows(status=False) else counts["total"] > 0,
    }


@role_required(Role.OPERATOR_OPD)
@require_GET
@with_current_cycle("evaluations/my_tasks.html")
def my_tasks(request, cycle):
    entries = access.entries_for(request.user).of_cycle(cycle)
    action = reverse("evaluations:my-tasks")
    form = EntryFilterForm(request.GET, cycle=cycle, opd=request.user.opd_id, action=action)
    return render(
        request,
        "evaluations/my_tasks.html",
        # An operator's own list: one OPD, not shown per row.
        worklist_context(request, cycle, entries, form, show_opd=False),
    )


@role_required(*access.OVERSEERS)
@require_GET
@with_current_cycle("evaluations/entry_list.html")
def entry_list(request, cycle):
    """Every entry of the city, by urgency: where each count of the progress page and the
    dashboards leads (read-only for Pimpinan: the entry page shows no control to them)."""
    entries = access.entries_for(request.user).of_cycle(cycle)
    form = EntryFilterForm(request.GET, cycle=cycle, action=reverse("evaluations:entry-list"))
    return render(
        request, "evaluations/entry_list.html", worklist_context(request, cycle, entries, form)
    )


@role_required(*access.REVIEWERS)
@require_GET
@with_current_cycle("evaluations/verification_queue.html")
def review_queue(request, cycle):
    action = reverse("evaluations:review-queue")
    form = EntryFilterForm(request.GET, cycle=cycle, action=action, queue=True)
    entries = access.entries_for(request.user).of_cycle(cycle).with_display_status()
    entries = form.apply(entries, overdue=False).review_queue()
    context = {
        **deadline_context(cycle),
        "form": form,
        "entries": entry_links(entries, request),
    }
    return render(request, "evaluations/verification_queue.html", context)


def with_query(rows, name: str, key: str) -> list[dict]:
    """Each progress row with the filter that lists its entries (``opd=DINKES&``); a row with
    no code (entries of a question assigned to no OPD) gets none and its counts no links."""
    return [
        {**row, "query": urlencode({name: row[key]}) + "&" if row[key] else None} for row in rows
    ]


@role_required(*access.OVERSEERS)
@require_GET
@with_current_cycle("evaluations/progress.html")
def progress(request, cycle):
    entries = access.entries_for(request.user).of_cycle(cycle)
    context = {
        **deadline_context(cycle),
        "by_opd": with_query(entries.progress_by_opd(), "opd", "opd_code"),
        "by_indicator": with_query(entries.progress_by_indicator(), "indikator", "code"),
        "totals": {**entries.status_totals(), "query": ""},
        "list_url": reverse("evaluations:entry-list"),
    }
    return render(request, "evaluations/progress.html", context)
