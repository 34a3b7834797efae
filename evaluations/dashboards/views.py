"""The two dashboards: read-only pages; what they show is assembled in pimpinan.py and dp3akb.py.

Who sees what (decided here, pinned by tests/evaluations/dashboards/test_permissions.py):
- the Pimpinan dashboard: Pimpinan, Admin KLA and Verifikator. The verifikator checks the
  evidence behind these very points, so the city's standing is no secret to them; an Operator
  OPD works from "Tugas saya" and gets a 403 (the page and its chart data).
- the DP3AKB dashboard: Admin KLA and Verifikator, the people who chase OPDs and verify.
The home page shows the first to Pimpinan and the second to Admin KLA and Verifikator; each
dashboard links to the other for those who may see both.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required

from .. import access
from .dp3akb import dp3akb_dashboard
from .pimpinan import pimpinan_dashboard
from .selected import select_for_dashboard


@role_required(*access.OVERSEERS)
@require_GET
def pimpinan(request):
    selection = select_for_dashboard(request.user, request.GET)
    context = pimpinan_dashboard(selection)
    context["path_url"] = reverse("evaluations:path")
    context["back"] = request.get_full_path()  # the entry pages its links open lead back here
    if request.user.role in access.REVIEWERS:
        context["switch_url"] = reverse("evaluations:dashboard-dp3akb")
    return render(request, "evaluations/dashboards/pimpinan.html", context)


@role_required(*access.REVIEWERS)
@require_GET
def dp3akb(request):
    selection = select_for_dashboard(request.user, request.GET)
    context = dp3akb_dashboard(selection, timezone.localdate())
    context["score_url"] = reverse("evaluations:score")
    return render(request, "evaluations/dashboards/dp3akb.html", context)
