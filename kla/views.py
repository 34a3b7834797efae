"""The home page: each role lands where its work is.

Pimpinan → the Pimpinan dashboard; the province's people → the province dashboard; Admin KLA
and Verifikator → the DP3AKB dashboard; an Operator OPD → their OPD's work in the current cycle
at a glance, with the way to "Tugas saya".
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.access import current_cycle, entries_for
from evaluations.dashboards import views as dashboards
from indicators.models import Instrument
from kla.accounts.access import CITY_ROLES, role_required
from kla.accounts.models import PROVINCE_ROLES, Role

DASHBOARDS = {
    Role.PIMPINAN: dashboards.pimpinan,
    Role.ADMIN_KLA: dashboards.dp3akb,
    Role.VERIFIKATOR: dashboards.dp3akb,
    Role.VERIFIKATOR_PROVINSI: dashboards.province,
    Role.PIMPINAN_PROVINSI: dashboards.province,
}


@require_GET
@role_required(*CITY_ROLES, *PROVINCE_ROLES)
def home(request):
    dashboard = DASHBOARDS.get(request.user.role)
    if dashboard is not None:
        return dashboard(request)
    city = request.user.kabupaten
    cycle = current_cycle(request.user)
    totals = entries_for(request.user).of_cycle(cycle).status_totals() if cycle else None
    context = {
        "city": city,
        "instrument": Instrument.objects.current_for(city),
        "cycle": cycle,
        "totals": totals,
    }
    return render(request, "home.html", context)
