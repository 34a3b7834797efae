"""A person's own changes show on the dashboards at once, however long a process trusts the
cycle state it read (evaluations/middleware.py, ``own_change`` in scores/cached.py). In the test
suite a change's after-commit work (the score refresh, which reads the state anew) does not run,
so the process here stands for one that did not make the change."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from evaluations.middleware import COOKIE, OwnChangesMiddleware, change_time
from evaluations.scores import cached

from .changes import an_entry, fresh_totals, kept_totals, section, verify


def test_a_state_read_before_the_persons_own_change_is_read_again(cycle, people, settings):
    settings.KLA_SCORES_RECHECK_SECONDS = 60
    first = cached.computed(cycle)
    read = cached.wall_clock()
    verify(cycle, people)
    assert cached.computed(cycle) is first  # another person's change: shown within 60 s

    token = cached.own_change.set(read - 1)  # their last change came before the reading
    try:
        assert cached.computed(cycle) is first
    finally:
        cached.own_change.reset(token)

    token = cached.own_change.set(cached.wall_clock())  # their change came after it
    try:
        assert cached.computed(cycle) is not first
        assert kept_totals(cycle) == fresh_totals(cycle)
    finally:
        cached.own_change.reset(token)


def test_after_their_own_verify_the_dashboard_shows_it_at_once(
    client, admin_dp3akb, cycle, people, settings
):
    settings.KLA_SCORES_RECHECK_SECONDS = 60
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:dashboard-pimpinan")
    first = section(client, url, "heat-map")
    for _ in range(2):
        verify(cycle, people)  # by the verifikator, through another process
    assert section(client, url, "heat-map") == first  # trusted for 60 s
    assert COOKIE not in client.cookies  # GETs leave no mark

    entry = an_entry(cycle, "submitted")
    response = client.post(reverse("evaluations:entry-verify", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "verified"
    assert change_time(client.cookies[COOKIE].value) > 0
    assert client.cookies[COOKIE]["httponly"]

    shown = section(client, url, "heat-map")
    cached.forget_all()
    cache.clear()
    assert shown == section(client, url, "heat-map") != first  # all three verifies, as fresh


def test_a_refused_change_leaves_no_mark(client, operator_dinkes, cycle):
    entry = an_entry(cycle, "submitted")
    client.force_login(operator_dinkes)
    response = client.post(reverse("evaluations:entry-verify", args=[entry.pk]))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == "submitted"
    assert COOKIE not in client.cookies


class Views:
    """A stand-in for the app behind the middleware: notes what ``own_change`` was while it ran,
    and takes ``seconds`` of the wall clock (its commit and after-commit work)."""

    def __init__(self, clock, seconds: float, status: int = 302):
        self.clock, self.seconds, self.status, self.seen = clock, seconds, status, None

    def __call__(self, request):
        self.seen = cached.own_change.get()
        self.clock.now += self.seconds
        return HttpResponse(status=self.status)


def test_the_mark_is_the_time_after_the_view_and_lives_only_while_it_matters(
    wall, operator_dinkes, settings
):
    settings.KLA_SCORES_RECHECK_SECONDS = 5
    settings.SESSION_COOKIE_SECURE = True  # KLA_HTTPS=1
    request = RequestFactory().post("/", HTTP_COOKIE=f"{COOKIE}=1764649990.5")
    request.user = operator_dinkes
    views = Views(wall, seconds=2.5)

    response = OwnChangesMiddleware(views)(request)

    assert views.seen == 1764649990.5  # the earlier change, during the request
    assert cached.own_change.get() == 0.0  # and no longer after it
    mark = response.cookies[COOKIE]
    assert change_time(mark.value) == 1_764_650_002.5  # after the view's work, not before
    assert mark["max-age"] == 6
    assert mark["httponly"] and mark["secure"] and mark["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("method", "status", "signed_in"),
    [("GET", 200, True), ("POST", 403, True), ("POST", 400, True), ("POST", 302, False)],
)
def test_no_mark_without_a_change_a_person_made(wall, operator_dinkes, method, status, signed_in):
    request = RequestFactory().generic(method, "/")
    request.user = operator_dinkes if signed_in else AnonymousUser()
    response = OwnChangesMiddleware(Views(wall, seconds=1, status=status))(request)
    assert COOKIE not in response.cookies
    assert cached.own_change.get() == 0.0


@pytest.mark.parametrize("value", [None, "", "kemarin", "nan", "inf", "-inf"])
def test_a_missing_or_forged_mark_means_no_change_known(value):
    assert change_time(value) == 0.0


def test_a_mark_is_the_time_it_holds():
    assert change_time("1764650000.125") == 1764650000.125
