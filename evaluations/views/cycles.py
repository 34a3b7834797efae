"""Admin KLA pages for evaluation cycles: list, create, stage dates, reopening entry."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from indicators.models import Instrument
from kla.accounts.access import role_required

from .. import access
from ..errors import DomainError
from ..forms.cycles import FIRST_DAY, LAST_DAY, CycleForm, ReopenForm, StageDatesForm
from ..models import Stage
from ..services import cycles as services

manager_required = role_required(*access.MANAGERS)
CHANGE_LABELS = {**dict(Stage.Kind.choices), "until": _lazy("Dibuka sampai"), "opd": _lazy("OPD")}


@manager_required
@require_GET
def cycle_list(request):
    cycles = (
        access.cycles_for(request.user)
        .select_related("instrument")
        .prefetch_related("stages", "reopenings")
    )
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles})


@manager_required
@require_http_methods(["GET", "POST"])
def cycle_create(request):
    city = request.user.kabupaten
    form = CycleForm(posted(request), kabupaten=city, initial=initial_cycle(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.create_cycle(
                kabupaten=city,
                year=data["year"],
                instrument=data["instrument"],
                stages=form.stages,
                name=data["name"],
                by=request.user,
            )
        except services.DuplicateCycle as duplicate:  # e.g. the form sent twice
            messages.info(request, duplicate.message)
            return redirect("evaluations:cycle-detail", duplicate.cycle.pk)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Siklus %(name)s dibuat.") % {"name": cycle.name})
            return redirect("evaluations:cycle-detail", cycle.pk)
    return render(request, "evaluations/cycle_create.html", {"form": form})


@manager_required
@require_GET
def cycle_detail(request, pk: int):
    cycle = access.get_cycle(request.user, pk)
    context = {
        "cycle": cycle,
        "stages": cycle.stages.all(),
        "reopenings": cycle.reopenings.select_related("by"),
        "history": cycle.audit_records.filter(entry__isnull=True).select_related("actor"),
        "today": timezone.localdate(),
        "stage_labels": CHANGE_LABELS,
    }
    return render(request, "evaluations/cycle_detail.html", context)


@manager_required
@require_http_methods(["GET", "POST"])
def cycle_dates(request, pk: int):
    cycle = access.get_cycle(request.user, pk)
    initial = StageDatesForm.initial_from(cycle)
    form = StageDatesForm(posted(request), initial=initial)
    if form.is_valid():
        try:
            changes = services.update_stage_dates(cycle, form.stages, by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if changes:
                messages.success(request, _("Tanggal tahap disimpan."))
            else:
                messages.info(request, _("Tidak ada tanggal yang berubah."))
            return redirect("evaluations:cycle-detail", cycle.pk)
    return render(request, "evaluations/cycle_dates.html", {"cycle": cycle, "form": form})


@manager_required
@require_http_methods(["GET", "POST"])
def cycle_reopen(request, pk: int):
    cycle = access.get_cycle(request.user, pk)
    form = ReopenForm(posted(request), cycle=cycle)
    if form.is_valid():
        data = form.cleaned_data
        services.reopen_entry(
            cycle=cycle, until=data["until"], reason=data["reason"], by=request.user
        )
        messages.success(
            request,
            _("Pengisian dibuka kembali sampai %(date)s.") % {"date": f"{data['until']:%d-%m-%Y}"},
        )
        return redirect("evaluations:cycle-detail", cycle.pk)
    return render(request, "evaluations/cycle_reopen.html", {"cycle": cycle, "form": form})


def posted(request):
    """The POST data to bind a form to, even when empty (an empty POST must show its errors)."""
    return request.POST if request.method == "POST" else None


def initial_cycle(user) -> dict:
    """Next year's cycle, with the previous cycle's stage windows moved one year on."""
    previous = access.current_cycle(user)
    year = previous.year + 1 if previous else timezone.localdate().year
    initial = {"year": year, "instrument": Instrument.objects.current_for(user.kabupaten)}
    if previous:
        dates = StageDatesForm.initial_from(previous)
        moved = {name: one_year_on(day) for name, day in dates.items()}
        initial.update({name: day for name, day in moved.items() if day is not None})
    return initial


def one_year_on(day: datetime.date) -> datetime.date | None:
    """The same day a year later; None when that is not a date a cycle may have (a stage
    stored before the dates were bounded, e.g. 9999-12-31: the field is then left empty)."""
    if not FIRST_DAY.year <= day.year + 1 <= LAST_DAY.year:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
