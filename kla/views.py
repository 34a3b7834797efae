"""The home page: each role lands where its work is.

Pimpinan → the Pimpinan dashboard; Admin KLA and Verifikator → the DP3AKB dashboard; an
Operator OPD → who they are, which city and the current instrument ("Tugas saya" is in the menu).
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.views import dashboards
from indicators.models import Instrument
from kla.accounts.access import member_required
from kla.accounts.models import Role

DASHBOARDS = {
    Role.PIMPINAN: dashboards.pimpinan,
    Role.ADMIN_KLA: dashboards.dp3akb,
    Role.VERIFIKATOR: dashboards.dp3akb,
}


@require_GET
@member_required
def home(request):
    dashboard = DASHBOARDS.get(request.user.role)
    if dashboard is not None:
        return dashboard(request)
    city = request.user.kabupaten
    instrument = Instrument.objects.current_for(city)
    return render(request, "home.html", {"city": city, "instrument": instrument})
