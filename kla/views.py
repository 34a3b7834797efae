"""The home page: who you are, which city, and what the current instrument is."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from indicators.models import Instrument
from kla.accounts.access import member_required


@require_GET
@member_required
def home(request):
    city = request.user.kabupaten
    instrument = Instrument.objects.current_for(city)
    return render(request, "home.html", {"city": city, "instrument": instrument})
