"""A person sees their own changes on the dashboards and score pages at once.

Each server process trusts the cycle state it last read for ``KLA_SCORES_RECHECK_SECONDS``
(scores/cached.py), so a change made through another process (another gunicorn worker, another
app server) shows there within that time. For the person who made it that would look like a
save that did not count: after each of their POSTs the app answered below 400 (a change, or a
form shown again with its errors) they get its time in the ``kla_ubah`` cookie, and during
their later requests a state read before that time is read again. A GET, or a POST refused
with a 4xx (a wall), leaves no mark. The cookie holds a time only; forging it can only make the
app read the state sooner.
"""

import math

from django.conf import settings

from .scores import cached

COOKIE = "kla_ubah"


def change_time(value: str | None) -> float:
    """The time in the cookie (0 when absent or not a finite number)."""
    try:
        seen = float(value or 0)
    except ValueError:
        return 0.0
    return seen if math.isfinite(seen) else 0.0


class OwnChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = cached.own_change.set(change_time(request.COOKIES.get(COOKIE)))
        try:
            response = self.get_response(request)
        finally:
            cached.own_change.reset(token)
        if (
            request.method == "POST"
            and response.status_code < 400
            and request.user.is_authenticated
        ):
            # Read after the view: after its commit and its after-commit work. Rounded up, so
            # the time is never before the change; kept only as long as it can matter.
            response.set_cookie(
                COOKIE,
                f"{math.ceil(cached.wall_clock() * 1000) / 1000:.3f}",
                max_age=math.ceil(settings.KLA_SCORES_RECHECK_SECONDS) + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
