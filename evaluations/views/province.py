"""The province's check of one kabupaten/kota (docs/province-verification.md).

The page lists the indicators of the city's latest cycle (or ``?siklus=``) with their claimed
and verified points and the province's marks: the province's people read it, the Verifikator
provinsi marks indicators and accepts the result while the cycle's *verifikasi provinsi*
window is open. A city outside the user's provinsi is a 404; the city's own people get 403.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators.models import Indicator
from kla.accounts.access import role_required

from .. import access, names
from ..errors import DomainError
from ..forms.province import IndicatorReviewForm
from ..models import OfficialResult
from ..scores.loader import load_cycle_data
from ..services.province_review import accept_province_result, mark_indicator, window_open

province_readers = role_required(*access.PROVINCE_READERS)
province_verifiers = role_required(*access.PROVINCE_VERIFIERS)


def province_cycle(user, cycle_id: int):
    cycles = access.cycles_for(user).select_related("kabupaten", "instrument")
    return get_object_or_404(cycles, pk=cycle_id)


@province_readers
@require_GET
def province_review(request, code: str):
    city = get_object_or_404(access.cities_for(request.user), code=code)
    cycles = list(access.cycles_of(city).select_related("kabupaten", "instrument"))
    chosen = request.GET.get("siklus", "")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) if chosen else None
    if chosen and cycle is None:
        raise Http404
    cycle = cycle or (cycles[0] if cycles else None)
    context = {"city": city, "cycles": cycles, "cycle": cycle}
    if cycle is not None:
        data = load_cycle_data(cycle)
        claimed, verified = data.score(names.CLAIMED), data.score(names.VERIFIED)
        reviews = {r.indicator_id: r for r in cycle.indicator_reviews.all()}
        indicators = Indicator.objects.filter(cluster__instrument_id=cycle.instrument_id)
        verified_of = {i.code: i for i in verified.indicators}
        context |= {
            "rows": [
                (indicator, claimed_part, verified_of[indicator.code], reviews.get(indicator.pk))
                for indicator, claimed_part in zip(
                    indicators.order_by("cluster__position", "position"),
                    claimed.indicators,
                    strict=True,
                )
            ],
            "claimed": claimed,
            "verified": verified,
            "window_open": window_open(cycle, timezone.localdate()),
            "can_mark": request.user.role in access.PROVINCE_VERIFIERS,
            "accepted": cycle.official_results.filter(stage=OfficialResult.Stage.PROVINCE).first(),
            "form": IndicatorReviewForm(),
        }
    return render(request, "evaluations/province/review.html", context)


def back_to(cycle):
    url = reverse("evaluations:province-review", args=[cycle.kabupaten.code])
    return redirect(f"{url}?siklus={cycle.pk}")


@province_verifiers
@require_POST
def province_mark(request, cycle_id: int, indicator_id: int):
    cycle = province_cycle(request.user, cycle_id)
    indicator = get_object_or_404(
        Indicator.objects.select_related("cluster"),
        pk=indicator_id,
        cluster__instrument_id=cycle.instrument_id,
    )
    form = IndicatorReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{indicator.code}: {error}")
        return back_to(cycle)
    try:
        mark_indicator(cycle, indicator, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(code)s ditandai.") % {"code": indicator.code})
    return back_to(cycle)


@province_verifiers
@require_POST
def province_accept(request, cycle_id: int):
    cycle = province_cycle(request.user, cycle_id)
    try:
        accept_province_result(cycle, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Hasil verifikasi provinsi dicatat sebagai hasil resmi."))
    return back_to(cycle)
