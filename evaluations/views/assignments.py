"""Who answers what: the OPD x indicator matrix of a cycle, and reassigning a question.

Every role of the city may read the matrix (operators coordinate with each other through it);
only Admin KLA may reassign.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from indicators.models import Indicator
from kla.accounts.access import member_required, role_required
from kla.organisations.models import Opd

from .. import access
from ..errors import DomainError
from ..forms.cycles import ReassignForm
from ..models import Assignment
from ..services import cycles as services
from .cycles import posted


@dataclass
class MatrixRow:
    indicator: Indicator
    cells: list[int]
    total: int


def build_matrix(indicators, opds, counts: dict[tuple[int, int], int]) -> dict:
    """Rows per indicator, one column per OPD that has a question, with totals."""
    opds = [opd for opd in opds if any(key[0] == opd.pk for key in counts)]
    rows = []
    for indicator in indicators:
        cells = [counts.get((opd.pk, indicator.pk), 0) for opd in opds]
        rows.append(MatrixRow(indicator, cells, sum(cells)))
    column_totals = [sum(row.cells[i] for row in rows) for i in range(len(opds))]
    return {"opds": opds, "rows": rows, "totals": column_totals, "total": sum(column_totals)}


@member_required
@require_GET
def assignment_matrix(request, pk: int):
    cycle = access.get_cycle(request.user, pk)
    assignments = Assignment.objects.of_cycle(cycle)
    opds = list(Opd.objects.of_city(cycle.kabupaten_id))
    indicators = Indicator.objects.filter(cluster__instrument_id=cycle.instrument_id)
    context = {
        "cycle": cycle,
        "matrix": build_matrix(indicators, opds, assignments.counts_by_opd_and_indicator()),
        "assignments": assignments.question_list(),
        "all_opds": opds,
        "can_reassign": request.user.role in access.MANAGERS,
    }
    return render(request, "evaluations/assignment_matrix.html", context)


@role_required(*access.MANAGERS)
@require_http_methods(["GET", "POST"])
def assignment_reassign(request, pk: int, question_pk: int):
    cycle = access.get_cycle(request.user, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("question", "opd"), cycle=cycle, question_id=question_pk
    )
    form = ReassignForm(
        posted(request), kabupaten=cycle.kabupaten, initial={"opd": assignment.opd_id}
    )
    if form.is_valid():
        opd = form.cleaned_data["opd"]
        try:
            services.reassign_question(cycle, assignment.question, opd, by=request.user)
        except DomainError as error:
            form.add_error("opd", error.message)
        else:
            messages.success(
                request,
                _("%(code)s kini ditugaskan ke %(opd)s.")
                % {"code": assignment.question.code, "opd": opd.code},
            )
            url = reverse("evaluations:assignment-matrix", args=[cycle.pk])
            return redirect(f"{url}#q-{assignment.question_id}")
    context = {"cycle": cycle, "assignment": assignment, "form": form}
    return render(request, "evaluations/assignment_reassign.html", context)
