"""Login throttling on top of django-axes, fitted to a real deployment (docs/security.md).

Three rules, each with its own limit within the cool-off window (settings.KLA_LOGIN_LIMITS):

- one username from one address (an officer mistyping: the tightest);
- one username from any address (a password guessed from many addresses);
- one address for any username (one address spraying many usernames).

Axes counts attempts per rule but has one limit for all; ``LoginThrottle`` scales each rule's
count to the first rule's limit so that a rule locks exactly when its own limit is reached. A
successful login clears only that username's failures from that address: the other rules keep
counting what an attacker did elsewhere.

The client address is the connection's (``REMOTE_ADDR``) unless ``KLA_TRUSTED_PROXIES`` says
how many reverse proxies stand in front of the app; only then is ``X-Forwarded-For`` read, and
only the address the outermost trusted proxy saw (anything a client put further left is
ignored).
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def limits() -> list[int]:
    return [limit for _parameters, limit in settings.KLA_LOGIN_LIMITS]


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the header only behind the configured number of proxies."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.KLA_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # not the chain the proxies write: do not trust any of it
    return _valid_ip(hops[-proxies]) or remote


class LoginThrottle(AxesDatabaseHandler):
    def rule_counts(self, request, credentials=None) -> list[int]:
        return [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]

    def get_failures(self, request, credentials=None) -> int:
        """The count compared with AXES_FAILURE_LIMIT (the first rule's limit): each rule's
        count scaled to it, so ``>=`` holds exactly when some rule reached its own limit."""
        base = settings.AXES_FAILURE_LIMIT
        counts = self.rule_counts(request, credentials)
        return max(count * base // limit for count, limit in zip(counts, limits(), strict=True))

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        )
        return attempts.delete()[0]

    def locked_until(self, request, credentials=None):
        """When every rule that locks this request will have let go (None: not locked)."""
        cool_off = get_cool_off(request)
        until = None
        for attempts, limit in zip(
            self.get_user_attempts(request, credentials), limits(), strict=True
        ):
            total = 0
            for at, failures in attempts.order_by("-attempt_time").values_list(
                "attempt_time", "failures_since_start"
            ):
                total += failures
                if total >= limit:  # this rule holds until this row leaves the window
                    until = max(until or at + cool_off, at + cool_off)
                    break
        return until


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Indonesian page saying when to try again (429)."""
    until = LoginThrottle().locked_until(request, credentials)
    minutes = None
    if until is not None:
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    context = {"until": until, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
