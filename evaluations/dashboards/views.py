"""The two dashboards: read-only pages; what they show is assembled in pimpinan.py and dp3akb.py.

Who sees what (decided here, pinned by tests/evaluations/dashboards/test_permissions.py and
tests/evaluations/province/test_permissions.py):
- the Pimpinan dashboard: Pimpinan, Admin KLA and Verifikator; read-only for the province's
  people too, for the kabupaten/kota of their provinsi only (``?kota=<kode>``). The
  verifikator checks the evidence behind these very points, so the city's standing is no
  secret to them; an Operator OPD works from "Tugas saya" and gets a 403
  (the page and its chart data).
- the DP3AKB dashboard: Admin KLA and Verifikator, the people who chase OPDs and verify.
- the province dashboard: Verifikator provinsi and Pimpinan provinsi, for their own provinsi.
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
from .province import DEFAULT_SORT, province_overview, sort_rows, tier_distribution_chart
from .selected import select_for_dashboard


@role_required(*access.CITY_READERS)
@require_GET
def pimpinan(request):
    selection = select_for_dashboard(request.user, request.GET)
    context = pimpinan_dashboard(selection)
    if request.user.role in access.OVERSEERS:  # the path page is the city's own
        context["path_url"] = reverse("evaluations:path")
    else:
        context["province_url"] = reverse("evaluations:dashboard-province")
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


@role_required(*access.PROVINCE_READERS)
@require_GET
def province(request):
    """The province's kabupaten/kota, sortable (``?urut=``), with the tier distribution."""
    overview = province_overview(request.user.provinsi, timezone.localdate())
    rows, sort = sort_rows(overview.rows, request.GET.get("urut", DEFAULT_SORT))
    context = {
        "province": overview.province,
        "rows": rows,
        "sort": sort,
        "chart": tier_distribution_chart(overview),
        "city_url": reverse("evaluations:dashboard-pimpinan"),
        "can_verify": request.user.role in access.PROVINCE_VERIFIERS,
    }
    return render(request, "evaluations/dashboards/province.html", context)
